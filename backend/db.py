"""Engine and sessions. SQLite is tuned for one office PC; PostgreSQL for many counters.

SQLite choices:
- WAL: readers (status page, lists) never wait for the writer.
- synchronous=FULL: in WAL mode NORMAL may lose the last commits on power loss. A dossier
  is committed once and its receipt is handed to the citizen right away, so it must survive
  a power cut; one extra fsync per commit costs far less than a counter's pace needs.
- busy_timeout 10 s + BEGIN IMMEDIATE for writes: concurrent writers queue for the write
  lock up front instead of failing half-way with "database is locked" when a deferred
  read transaction tries to upgrade.
- Inside one process, writers also queue on a lock of their own before BEGIN IMMEDIATE:
  SQLite's busy handler sleeps with growing back-off (20 clerks saving at once waited
  87% of their time there: p95 790 ms, p99 2 s); a lock hands the database over at once.
  Other processes on the same file still meet the busy timeout.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from backend import auth_changes
from backend.files import private_sqlite

BUSY_TIMEOUT_MS = 10_000
_WRITE = "counter_write"


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        hide_parameters=True,  # SQL errors end up in logs; parameters carry personal data
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Hand transaction control to SQLAlchemy's "begin" event below (pysqlite's own
        # implicit BEGIN is always DEFERRED).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        immediate = conn.get_execution_options().get(_WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def sqlite_file(url: str) -> Path | None:
    """The file of a `sqlite:///PATH` URL (None for an in-memory database)."""
    if not url.startswith("sqlite"):
        return None
    rest = url.split("sqlite:///", 1)[1] if "sqlite:///" in url else ""
    rest = rest.split("?", 1)[0]
    return Path(rest) if rest and rest != ":memory:" else None


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = sqlite_file(url)
            if path is not None:
                private_sqlite(path)
            self.engine = _sqlite_engine(url)
        else:
            # Up to 40 requests run at once on the server's thread pool; the default pool
            # (5 + 10) would make some of them wait for a connection.
            self.engine = create_engine(url, pool_pre_ping=True, hide_parameters=True,
                                        pool_size=10, max_overflow=30)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        auth_changes.install()  # every writer of tokens and users tells the TokenCaches
        # SQLite has one writer at a time: this process's writers line up here.
        self._write_lock = threading.RLock() if self.is_sqlite else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._factory() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that takes the write lock first; commits on success."""
        with self._write_lock or nullcontext(), self._factory() as session:
            session.connection(execution_options={_WRITE: True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
