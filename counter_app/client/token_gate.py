"""When to refresh the session token, and a gate so that no request is on the wire with
the old token when the backend revokes it (a refresh revokes the token it replaces, and a
request still carrying it would answer 401 and send the clerk back to the login window).

Requests pass the gate together; a refresh passes it alone: it waits for the requests in
flight to end and holds new ones back until the new token is in place.
"""

from __future__ import annotations

import threading
from collections.abc import Generator
from contextlib import contextmanager

from counter_app.domain.clock import Clock, current

DRAIN_SECONDS = 10.0  # a request in flight longer than this is left to finish on its own


class TokenGate:
    def __init__(self, drain_seconds: float = DRAIN_SECONDS, clock: Clock | None = None) -> None:
        self._cond = threading.Condition()
        self._in_flight = 0
        self._alone = False
        self._drain_seconds = drain_seconds
        self._clock = clock  # None: the app's clock at each call
        self._refresh_at: float | None = None  # clock.monotonic(); None: nothing to refresh

    def _monotonic(self) -> float:
        return (self._clock or current()).monotonic()

    def schedule(self, expires_in: float | None, extendable: bool) -> None:
        """Refresh past half the token's life; never when the session cannot go further.

        expires_in is counted on this PC's monotonic clock from now, so a PC whose wall
        clock is wrong still refreshes on time."""
        with self._cond:
            if expires_in is None or not extendable:
                self._refresh_at = None
            else:
                self._refresh_at = self._monotonic() + max(0.0, expires_in) / 2

    def retry_in(self, seconds: float) -> None:
        with self._cond:
            if self._refresh_at is not None:
                self._refresh_at = self._monotonic() + seconds

    def due(self) -> bool:
        at = self._refresh_at
        return at is not None and self._monotonic() >= at

    @contextmanager
    def request(self) -> Generator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._alone)
            self._in_flight += 1
        try:
            yield
        finally:
            with self._cond:
                self._in_flight -= 1
                self._cond.notify_all()

    @contextmanager
    def alone(self, *, drain: bool = True) -> Generator[bool]:
        """Yields whether the requests in flight all ended (always True without drain)."""
        with self._cond:
            self._cond.wait_for(lambda: not self._alone)
            self._alone = True
            drained = not drain or self._cond.wait_for(lambda: self._in_flight == 0,
                                                       timeout=self._drain_seconds)
        try:
            yield drained
        finally:
            with self._cond:
                self._alone = False
                self._cond.notify_all()
