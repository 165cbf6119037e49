"""Saturday reception sessions: the counter is open, but time limits count working days
only, so a dossier received Saturday morning is due when one received at Monday's
opening is."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar
from counter_app.domain.official_calendar import DAY_OFF, OfficialDay, OfficialYear

SATURDAY_MORNING = (5, time(7, 30), time(11, 30))


def _at(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=OFFICE_TZ)


def test_saturday_reception_opens_the_counter_but_not_the_time_limit():
    cal = WorkingCalendar(reception_sessions=[SATURDAY_MORNING])
    received = _at(2026, 3, 7, 9)  # Saturday
    assert cal.is_open(received) and cal.next_opening(received) == received
    assert not cal.is_working_day(received.date())
    assert cal.counting_start(received) == _at(2026, 3, 9, 7)  # Monday's opening
    # 3 working days counted from Monday 9/3: Thursday 12/3, same as received Monday 07:00.
    assert cal.due_at(received, 3) == _at(2026, 3, 12, 7)
    assert cal.due_at(received, 3) == cal.due_at(_at(2026, 3, 9, 7), 3)
    # Outside the session the counter is closed; the next opening is Saturday 07:30 or Monday.
    assert not cal.is_open(_at(2026, 3, 7, 12))
    assert cal.next_opening(_at(2026, 3, 7, 6)) == _at(2026, 3, 7, 7, 30)
    assert cal.next_opening(_at(2026, 3, 7, 12)) == _at(2026, 3, 9, 7)
    assert cal.next_opening(_at(2026, 3, 6, 17)) == _at(2026, 3, 7, 7, 30)


def test_without_a_session_saturday_is_closed():
    cal = WorkingCalendar()
    assert not cal.is_open(_at(2026, 3, 7, 9))
    assert cal.next_opening(_at(2026, 3, 7, 9)) == _at(2026, 3, 9, 7)


def test_no_reception_on_a_holiday_saturday():
    tet = OfficialYear(2026, "lịch chính thức 2026",
                       (OfficialDay(date(2026, 2, 14), DAY_OFF, "Tết Nguyên đán", "x"),))
    cal = WorkingCalendar(official=[tet], reception_sessions=[SATURDAY_MORNING])
    assert not cal.is_open(_at(2026, 2, 14, 9))
    assert cal.is_open(_at(2026, 2, 28, 9))


def test_reception_sessions_are_weekend_only():
    with pytest.raises(ValueError):
        WorkingCalendar(reception_sessions=[(2, time(17, 0), time(19, 0))])
