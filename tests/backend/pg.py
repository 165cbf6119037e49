"""A throwaway PostgreSQL cluster for the tests that must also pass on PostgreSQL.

Finds initdb/pg_ctl under /usr/lib/postgresql/*/bin (Debian's postgresql package),
creates a cluster in a temp dir on a free loopback port, yields its URL, stops it.
initdb refuses to run as root, so as root the cluster runs as the `postgres` user
(runuser). Without the binaries the tests are skipped, unless COUNTER_REQUIRE_POSTGRES=1
(CI), where that is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.embedded import free_port

REQUIRE = os.environ.get("COUNTER_REQUIRE_POSTGRES") == "1"


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _unavailable(reason: str) -> None:
    if REQUIRE:
        pytest.fail(f"PostgreSQL required (COUNTER_REQUIRE_POSTGRES=1) but {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason} (apt-get install postgresql)")


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Base URL `postgresql+psycopg://postgres@127.0.0.1:PORT` of a running cluster."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install 'psycopg[binary]')")
    bindir = _bindir()
    if bindir is None:
        _unavailable("initdb/pg_ctl not found under /usr/lib/postgresql/*/bin")
    root = Path(tempfile.mkdtemp(prefix="counter-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    subprocess.run(_as_owner([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                              "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                   check=True, capture_output=True)
    opts = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} "
            "-c fsync=off -c max_connections=200 -c shared_buffers=64MB")
    subprocess.run(_as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-l",
                              str(root / "server.log"), "-o", opts, "-w", "-t", "30", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                  "-w", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A fresh, empty database in the session's cluster."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    dsn = postgres_server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{postgres_server}/{name}"
