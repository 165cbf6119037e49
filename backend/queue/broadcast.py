"""In-process fan-out of queue events to the open /queue/events streams.

Writers run on the server's worker threads; streams live on the event loop. publish()
hands each event to the loop with call_soon_threadsafe (FIFO, so publish order is kept)
and every stream has its own bounded asyncio.Queue. A stream that falls behind is closed
instead of growing without bound: the client reconnects with Last-Event-ID and the
missed events are replayed from the database.

One process only: with several uvicorn workers a call made in one worker would not reach
the displays connected to another. On PostgreSQL events therefore travel through
LISTEN/NOTIFY (backend/queue/pg_notify.py), which reaches every process.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime

log = logging.getLogger(__name__)
CLOSE = None  # sentinel: the stream should end (server stopping or subscriber overflow)
QUEUE_SIZE = 1000


@dataclass(eq=False)
class Subscription:
    office_id: int
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))
    overflowed: bool = False
    # Whose stream: it ends when that account is disabled or that session logs out.
    username: str | None = None
    session: datetime | None = None  # the password login it belongs to (token created_at)


class Broadcaster:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subs: set[Subscription] = set()
        self._guard = threading.Lock()  # bind/close may race with publish from threads
        self.closed = False

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._guard:
            self._loop = loop
            self.closed = False

    def subscribe(self, office_id: int, username: str | None = None,
                  session: datetime | None = None) -> Subscription:
        """Called on the event loop."""
        sub = Subscription(office_id, username=username, session=session)
        if self.closed:
            sub.queue.put_nowait(CLOSE)
        self._subs.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        self._subs.discard(sub)

    @property
    def subscribers(self) -> int:
        return len(self._subs)

    def publish(self, office_id: int, seq: int, chunk: bytes) -> None:
        """Thread-safe; a no-op when no loop is bound (CLI, migrations)."""
        self.publish_many([(office_id, seq, chunk)])

    def publish_many(self, events: list[tuple[int, int, bytes]]) -> None:
        """(office id, seq, chunk) events in seq order, handed to the loop at once: one
        wake-up for a batch of tickets instead of one per event."""
        if not events:
            return
        with self._guard:
            loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(self._deliver_many, events)
        except RuntimeError:  # loop closed between the check and the call
            pass

    def _deliver_many(self, events: list[tuple[int, int, bytes]]) -> None:
        for office_id, seq, chunk in events:
            self._deliver(office_id, seq, chunk)

    def _deliver(self, office_id: int, seq: int, chunk: bytes) -> None:
        for sub in list(self._subs):
            if sub.office_id != office_id or sub.overflowed:
                continue
            try:
                sub.queue.put_nowait((seq, chunk))
            except asyncio.QueueFull:
                sub.overflowed = True
                log.warning("event stream fell %d events behind; closing it", QUEUE_SIZE)
                while not sub.queue.empty():
                    sub.queue.get_nowait()
                sub.queue.put_nowait(CLOSE)

    def close(self) -> None:
        """End every stream (server shutdown: uvicorn waits for open responses)."""
        with self._guard:
            loop = self._loop
            self.closed = True
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._close_all)
            except RuntimeError:
                pass

    def drop_streams(self) -> None:
        """End the open streams but accept new ones (their clients replay what they missed)."""
        with self._guard:
            loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._close_all)
            except RuntimeError:
                pass

    def end_streams(self, username: str, session: datetime | None = None) -> None:
        """End one account's streams (disabled, password reset), or only those of one of
        its sessions (logout). Thread-safe. Another server process is reached by the
        streams' own check at each keep-alive (backend/api/queue_events.py)."""
        with self._guard:
            loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._end, username, session)
            except RuntimeError:
                pass

    def _end(self, username: str, session: datetime | None) -> None:
        for sub in list(self._subs):
            if sub.username == username and session in (None, sub.session):
                self._close(sub)

    def _close_all(self) -> None:
        for sub in list(self._subs):
            self._close(sub)

    @staticmethod
    def _close(sub: Subscription) -> None:
        while not sub.queue.empty():
            sub.queue.get_nowait()
        sub.queue.put_nowait(CLOSE)
