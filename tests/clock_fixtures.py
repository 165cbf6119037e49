"""Clock fixtures for every test: a ManualClock installed as the app's clock, the real
backend on that clock, and a PC set to another time zone than the office's."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest

from counter_app.domain import clock as clock_mod
from counter_app.domain.clock import ManualClock
from tests.clocked_backend import ClockedBackend


@pytest.fixture
def clock() -> ManualClock:
    """A clock the test moves; the app's default clock while the test runs."""
    manual = ManualClock()
    previous = clock_mod.set_current(manual)
    yield manual
    clock_mod.set_current(previous)


@pytest.fixture
def clocked_backend(tmp_path_factory: pytest.TempPathFactory, clock: ManualClock):
    """Factory: clocked_backend(token_ttl_minutes=..., session_max_hours=...) -> started."""
    started: list[ClockedBackend] = []

    def start(**kw: float) -> ClockedBackend:
        b = ClockedBackend(tmp_path_factory.mktemp("clocked"), clock, **kw)
        started.append(b)
        b.start()
        return b

    yield start
    for b in started:
        b.stop()


@pytest.fixture
def pc_in_los_angeles(monkeypatch):
    """This process's local zone is UTC-8 (15 h behind the office, often another date).
    Windows has no tzset: there the injected clock alone sets the moment."""
    if not hasattr(time, "tzset"):
        yield
        return
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    assert datetime.now().astimezone().utcoffset() == timedelta(hours=-8)
    yield
    monkeypatch.undo()
    time.tzset()
