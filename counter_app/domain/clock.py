"""The one clock: office time (Asia/Ho_Chi_Minh) and a monotonic counter, injectable.

Every "now" and "today" the counter shows, prints or checks is the office's, not the PC's:
a test PC set to another time zone showed the kiosk, the display and the print log 7 hours
off, and after 17:00 UTC the "today" of the ledger and the dashboard was already tomorrow.

The app reads the module default (`current()`); objects that already take parameters also
accept a clock. Tests install a ManualClock and move it, instead of sleeping for time to
pass, so a loaded machine cannot make them late.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from counter_app.domain.calendar import OFFICE_TZ


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime in the office's time zone."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (for "after so long"), not a date."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(OFFICE_TZ)

    def monotonic(self) -> float:
        return time.monotonic()


class ManualClock:
    """Moves only when told; shared across threads (a backend thread and the test)."""

    def __init__(self, start: datetime | None = None) -> None:
        if start is not None and start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._lock = threading.Lock()
        self._now = (start or datetime.now(UTC)).astimezone(OFFICE_TZ)
        self._mono = 1000.0  # not 0: code may test a stored monotonic time for truth

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def monotonic(self) -> float:
        with self._lock:
            return self._mono

    def advance(self, seconds: float = 0.0, **delta: float) -> None:
        """advance(5) or advance(minutes=61): both the date and the monotonic clock move."""
        step = timedelta(seconds=seconds, **delta)
        if step < timedelta(0):
            raise ValueError("a clock does not go back; use set() for another moment")
        with self._lock:
            self._now += step
            self._mono += step.total_seconds()

    def set(self, moment: datetime) -> None:
        """Another wall-clock moment (a PC's clock corrected); the monotonic clock stays."""
        if moment.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        with self._lock:
            self._now = moment.astimezone(OFFICE_TZ)


_current: Clock = SystemClock()


def current() -> Clock:
    return _current


def set_current(clock: Clock) -> Clock:
    """Install the app's clock (the composition root; tests); returns the one it replaced."""
    global _current
    previous, _current = _current, clock
    return previous


def in_office_time(moment: datetime) -> datetime:
    """The moment as the office's clock shows it. The backend may answer in UTC, and a
    slip or screen after 17:00 UTC must show the office's date; a naive moment is taken to
    be office time already (SQLite keeps no zone)."""
    return moment.astimezone(OFFICE_TZ) if moment.tzinfo is not None else moment


def office_now(clock: Clock | None = None) -> datetime:
    return (clock or _current).now().astimezone(OFFICE_TZ)


def office_today(clock: Clock | None = None) -> date:
    return office_now(clock).date()
