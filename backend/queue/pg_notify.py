"""Queue events across processes on PostgreSQL: LISTEN/NOTIFY.

With PostgreSQL several server processes (uvicorn workers, or servers on several
machines) may share one database; a call made in one must reach displays connected to
another. Each queue transaction sends its events with pg_notify (delivered on commit, in
commit order, which the advisory lock in writes.py makes seq order), and every process
runs one listener thread that hands them to its Broadcaster, its own included. So on
PostgreSQL the in-process publish is not used at all: one path, one order.

If the listening connection drops, events may have been missed: every open stream is
closed so its client reconnects with Last-Event-ID and replays them from the table.

The same connection hears sign-in changes (backend/auth_changes.py) for the TokenCache.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import text
from sqlalchemy.orm import Session

from backend import auth_changes
from backend.db import Database
from backend.queue.broadcast import Broadcaster
from backend.queue.sse import stored_chunk

log = logging.getLogger(__name__)
CHANNEL = "counter_queue"
MAX_PAYLOAD = 7900  # PostgreSQL's limit is 8000 bytes


def notify(s: Session, events: list[tuple[int, int, bytes]]) -> None:
    """(office id, seq, chunk) events, inside the transaction, in seq order; one
    executemany (pipelined by psycopg) for a batch of tickets. An oversized event goes as
    its seq only (read back)."""
    if events:
        s.execute(text("SELECT pg_notify(:ch, :p)"), [
            {"ch": CHANNEL,
             "p": f"{office}|{seq}|{chunk.decode() if len(chunk) < MAX_PAYLOAD else ''}"}
            for office, seq, chunk in events])


class Listener:
    def __init__(self, db: Database, broadcaster: Broadcaster) -> None:
        self.db = db
        self.broadcaster = broadcaster
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="queue-listen", daemon=True)
        self.ready = threading.Event()

    def start(self) -> Listener:
        self._thread.start()
        self.ready.wait(10)
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _conninfo(self) -> str:
        url = self.db.engine.url.set(drivername="postgresql")
        return url.render_as_string(hide_password=False)

    def _run(self) -> None:
        import psycopg

        first = True
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo(), autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    conn.execute(f"LISTEN {auth_changes.CHANNEL}")
                    if not first:
                        self.broadcaster.drop_streams()
                        auth_changes.apply(None)  # what was cached meanwhile too
                    first = False
                    self.ready.set()
                    while not self._stop.is_set():
                        for n in conn.notifies(timeout=0.5):
                            if n.channel == auth_changes.CHANNEL:
                                auth_changes.received(n.payload)
                            else:
                                self._deliver(n.payload)
            except Exception as exc:
                self.ready.set()
                auth_changes.apply(None)  # a revocation may be missed until reconnected
                log.warning("queue listener lost its connection (%s); reconnecting",
                            type(exc).__name__)
                self._stop.wait(1.0)

    def _deliver(self, payload: str) -> None:
        office, seq, body = payload.split("|", 2)
        chunk = body.encode() if body else self._read_back(int(seq))
        if chunk:
            self.broadcaster.publish(int(office), int(seq), chunk)

    def _read_back(self, seq: int) -> bytes:
        with self.db.read() as s:
            return stored_chunk(s, seq)


def start_listener(db: Database, broadcaster: Broadcaster) -> Listener:
    return Listener(db, broadcaster).start()
