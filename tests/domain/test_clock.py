"""The one clock: office time whatever the PC's zone, and a ManualClock tests move."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from counter_app.domain import clock as clock_mod
from counter_app.domain.clock import ManualClock, SystemClock, office_now, office_today

# 18:30 UTC on 28/02 is already 01:30 on 01/03 at the office (UTC+7).
LATE_EVENING_UTC = datetime(2026, 2, 28, 18, 30, tzinfo=UTC)


def test_office_today_is_the_offices_date_not_utcs():
    c = ManualClock(LATE_EVENING_UTC)
    assert office_today(c) == date(2026, 3, 1)
    assert office_now(c).strftime("%H:%M %d/%m/%Y") == "01:30 01/03/2026"
    assert office_now(c).utcoffset() == timedelta(hours=7)


def test_system_clock_answers_in_the_office_zone():
    now = SystemClock().now()
    assert now.utcoffset() == timedelta(hours=7)
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


def test_manual_clock_moves_only_when_told():
    c = ManualClock(LATE_EVENING_UTC)
    mono = c.monotonic()
    assert c.now() == c.now() and c.monotonic() == mono
    c.advance(minutes=90)
    assert c.now() == LATE_EVENING_UTC + timedelta(minutes=90)
    assert c.monotonic() == mono + 5400
    c.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))  # a wall-clock jump: monotonic stays
    assert office_today(c) == date(2026, 3, 2) and c.monotonic() == mono + 5400
    with pytest.raises(ValueError):
        c.advance(-1)
    with pytest.raises(ValueError):
        ManualClock(datetime(2026, 1, 1))


def test_the_default_clock_is_the_one_installed():
    c = ManualClock(LATE_EVENING_UTC)
    previous = clock_mod.set_current(c)
    try:
        assert office_today() == date(2026, 3, 1) and clock_mod.current() is c
    finally:
        clock_mod.set_current(previous)
    assert isinstance(clock_mod.current(), SystemClock)


def test_in_office_time_moves_aware_moments_to_the_office_and_keeps_naive_ones():
    from counter_app.domain.clock import in_office_time

    moved = in_office_time(LATE_EVENING_UTC)
    assert moved == LATE_EVENING_UTC and moved.strftime("%H:%M %d/%m") == "01:30 01/03"
    naive = datetime(2026, 2, 28, 18, 30)  # SQLite keeps no zone: already office time
    assert in_office_time(naive) is naive
