"""One queue write = one transaction whose events are published after its commit.

Event seq (ticket_events.id) must grow in commit order, or a display resuming from
Last-Event-ID could skip an event committed late with a smaller seq:
- SQLite: BEGIN IMMEDIATE already serialises writers;
- PostgreSQL: ids come from a sequence at insert time, so concurrent transactions could
  commit out of order; a transaction-scoped advisory lock per office serialises queue
  writes (they are a few milliseconds each) across processes.
On SQLite a lock in this process spans commit + publish, so streams also receive events
in seq order. On PostgreSQL the events go out by NOTIFY instead (pg_notify.py), so servers
sharing the database all see them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from sqlalchemy import text
from sqlalchemy.orm import Session

from backend.db import Database
from backend.queue.broadcast import Broadcaster
from backend.queue.pg_notify import notify
from backend.queue.sse import PENDING

_LOCK_SPACE = 0x51_55_45  # "QUE": keeps our advisory keys apart from other users'


def lock_offices(s: Session, office_ids: Iterable[int]) -> None:
    """PostgreSQL: the offices' queue locks until the transaction ends, in id order, so two
    instances locking several offices never wait on each other in a cycle. (SQLite's
    BEGIN IMMEDIATE already holds the whole database.)"""
    if s.get_bind().dialect.name == "postgresql":
        for office_id in sorted(set(office_ids)):
            s.execute(text("SELECT pg_advisory_xact_lock(:space, :office)"),
                      {"space": _LOCK_SPACE, "office": office_id})


class QueueWriter:
    def __init__(self, db: Database, broadcaster: Broadcaster | None = None) -> None:
        self.db = db
        self.broadcaster = broadcaster or Broadcaster()
        self._lock = threading.Lock()

    def write(self, office_id: int) -> AbstractContextManager[Session]:
        return self.write_many((office_id,))

    @contextmanager
    def write_many(self, office_ids: Iterable[int]) -> Iterator[Session]:
        """One transaction for queue writes; a batch of tickets may lock its offices itself
        (lock_offices) once it knows them."""
        # PostgreSQL: the office's advisory lock orders writes and NOTIFY carries events, so
        # offices need not queue behind each other in this process (a province's instance
        # held this lock 36% of the time).
        with self._lock if self.db.is_sqlite else nullcontext():
            with self.db.write() as s:
                lock_offices(s, office_ids)
                yield s
                pending = s.info.pop(PENDING, [])
                if not self.db.is_sqlite:
                    notify(s, pending)
                    pending = []
            self.broadcaster.publish_many(pending)
