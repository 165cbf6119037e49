"""A throwaway PostgreSQL cluster for the tests that must also pass on PostgreSQL.

The cluster itself: benchmarks/pg_cluster.py (a temp dir, a free loopback port). Without the binaries the tests are skipped, unless COUNTER_REQUIRE_POSTGRES=1
(CI), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.pg_cluster import bindir, cluster, create_database

REQUIRE = os.environ.get("COUNTER_REQUIRE_POSTGRES") == "1"


def _unavailable(reason: str) -> None:
    if REQUIRE:
        pytest.fail(f"PostgreSQL required (COUNTER_REQUIRE_POSTGRES=1) but {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason} (apt-get install postgresql)")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Base URL `postgresql+psycopg://postgres@127.0.0.1:PORT` of a running cluster."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install 'psycopg[binary]')")
    if bindir() is None:
        _unavailable("initdb/pg_ctl not found under /usr/lib/postgresql/*/bin")
    root = Path(tempfile.mkdtemp(prefix="counter-pg-"))
    try:
        with cluster(root) as url:
            yield url
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A fresh, empty database in the session's cluster."""
    return create_database(postgres_server, f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def postgres_url_2(postgres_server: str) -> str:
    """Another fresh database, for a test that compares two servers side by side."""
    return create_database(postgres_server, f"t_{uuid.uuid4().hex[:12]}")
