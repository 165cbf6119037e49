"""A throwaway PostgreSQL cluster on a free loopback port (tests and benchmarks).

Finds initdb/pg_ctl under /usr/lib/postgresql/*/bin (Debian's postgresql package) or on
PATH. initdb refuses to run as root, so as root the cluster runs as the `postgres` user
(runuser). A kept data folder (benchmarks) is started again instead of created.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from counter_app.embedded import free_port


def bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def cluster(root: Path, *, fsync: bool = False) -> Iterator[str]:
    """Yields `postgresql+psycopg://postgres@127.0.0.1:PORT`; the server stops on exit,
    the folder stays (the caller removes it when it is throwaway)."""
    found = bindir()
    if found is None:
        raise FileNotFoundError("initdb/pg_ctl not found under /usr/lib/postgresql/*/bin")
    root.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    if not (data / "PG_VERSION").exists():
        subprocess.run(_as_owner([str(found / "initdb"), "-D", str(data), "-U", "postgres",
                                  "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, capture_output=True)
    opts = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} "
            f"-c fsync={'on' if fsync else 'off'} -c max_connections=200 "
            "-c shared_buffers=64MB")
    subprocess.run(_as_owner([str(found / "pg_ctl"), "-D", str(data), "-l",
                              str(root / "server.log"), "-o", opts, "-w", "-t", "30", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_owner([str(found / "pg_ctl"), "-D", str(data), "-m", "fast",
                                  "-w", "stop"]), capture_output=True)


def create_database(server: str, name: str) -> str:
    import psycopg

    dsn = server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"
