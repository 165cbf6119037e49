"""One queue write = one transaction whose events are published after its commit.

Event seq (ticket_events.id) must grow in commit order, or a display resuming from
Last-Event-ID could skip an event committed late with a smaller seq:
- SQLite: BEGIN IMMEDIATE already serialises writers;
- PostgreSQL: ids come from a sequence at insert time, so concurrent transactions could
  commit out of order; a transaction-scoped advisory lock per office serialises queue
  writes (they are a few milliseconds each) across processes.
Inside this process a lock spans commit + publish, so streams also receive events in seq
order. On PostgreSQL the events go out by NOTIFY instead (pg_notify.py), so servers
sharing the database all see them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

from backend.db import Database
from backend.queue.broadcast import Broadcaster
from backend.queue.pg_notify import notify
from backend.queue.sse import PENDING

_LOCK_SPACE = 0x51_55_45  # "QUE": keeps our advisory keys apart from other users'


class QueueWriter:
    def __init__(self, db: Database, broadcaster: Broadcaster | None = None) -> None:
        self.db = db
        self.broadcaster = broadcaster or Broadcaster()
        self._lock = threading.Lock()

    @contextmanager
    def write(self, office_id: int) -> Iterator[Session]:
        with self._lock:
            with self.db.write() as s:
                if s.get_bind().dialect.name == "postgresql":
                    s.execute(text("SELECT pg_advisory_xact_lock(:space, :office)"),
                              {"space": _LOCK_SPACE, "office": office_id})
                yield s
                pending = s.info.pop(PENDING, [])
                if not self.db.is_sqlite:
                    for seq, chunk in pending:
                        notify(s, office_id, seq, chunk)
                    pending = []
            for seq, chunk in pending:
                self.broadcaster.publish(office_id, seq, chunk)
