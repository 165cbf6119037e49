"""The backend's one clock, for code a request reaches without being handed it.

Routes read `app.state.clock` (set where the app is made; tests install a ManualClock and
move it). Queue, dossier and audit writes further down read the same clock here: a
middleware makes the app's clock the clock of each request (a context variable, which
AnyIO carries into the thread a sync route runs in), and the app's background loops run
under it too. Outside any app (the command line, the seed) it is the system clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from counter_app.domain.clock import Clock, SystemClock

_SYSTEM = SystemClock()
_current: ContextVar[Clock] = ContextVar("backend_clock")


def current() -> Clock:
    return _current.get(_SYSTEM)


def utc_now() -> datetime:
    """Now, in UTC (what the database keeps), by the clock of the app serving this."""
    return current().now().astimezone(UTC)


def utc_now_s() -> datetime:
    """utc_now() to the second: what receipts, events and the audit log store."""
    return utc_now().replace(microsecond=0)


@contextmanager
def using(clock: Clock) -> Iterator[None]:
    token = _current.set(clock)
    try:
        yield
    finally:
        _current.reset(token)


class ClockContext:
    """Pure ASGI middleware: each request runs on its app's clock (app.state.clock)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        owner = scope.get("app")
        clock = getattr(getattr(owner, "state", None), "clock", None)
        if clock is None:
            await self.app(scope, receive, send)
            return
        token = _current.set(clock)
        try:
            await self.app(scope, receive, send)
        finally:
            _current.reset(token)
