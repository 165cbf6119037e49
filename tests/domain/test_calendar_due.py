"""Office hours and the due-date rule (see counter_app/domain/calendar.py docstring)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar

CAL = WorkingCalendar()


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=OFFICE_TZ)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (datetime(2026, 3, 2, 6, 59), False),
        (datetime(2026, 3, 2, 7, 0), True),
        (datetime(2026, 3, 2, 11, 29, 59), True),
        (datetime(2026, 3, 2, 11, 30), False),
        (datetime(2026, 3, 2, 12, 0), False),
        (datetime(2026, 3, 2, 13, 30), True),
        (datetime(2026, 3, 2, 16, 59), True),
        (datetime(2026, 3, 2, 17, 0), False),
        (datetime(2026, 3, 7, 9, 0), False),  # Saturday
        (datetime(2026, 2, 17, 9, 0), False),  # Tết
        (datetime(2026, 8, 22, 9, 0), True),  # swapped Saturday
        (datetime(2026, 3, 2, 2, 30, tzinfo=UTC), True),  # 09:30 in Hà Nội
        (datetime(2026, 3, 2, 9, 30, tzinfo=UTC), True),  # 16:30 local
        (datetime(2026, 3, 2, 10, 0, tzinfo=UTC), False),  # 17:00 local
    ],
)
def test_is_open(moment: datetime, is_open: bool) -> None:
    assert CAL.is_open(moment) is is_open


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 3, 2, 9, 15), local(2026, 3, 2, 9, 15)),
        (datetime(2026, 3, 2, 6, 0), local(2026, 3, 2, 7, 0)),
        (datetime(2026, 3, 2, 11, 30), local(2026, 3, 2, 13, 30)),
        (datetime(2026, 3, 2, 17, 0), local(2026, 3, 3, 7, 0)),
        (datetime(2026, 3, 6, 18, 0), local(2026, 3, 9, 7, 0)),  # Friday evening
        (datetime(2026, 2, 13, 17, 0), local(2026, 2, 23, 7, 0)),  # eve of Tết 2026
        (datetime(2027, 2, 3, 20, 0), local(2027, 2, 11, 7, 0)),  # eve of Tết 2027
        (datetime(2026, 11, 23, 17, 30), local(2026, 11, 25, 7, 0)),
        (datetime(2026, 3, 1, 23, 30, tzinfo=UTC), local(2026, 3, 2, 7, 0)),
    ],
)
def test_next_opening(moment: datetime, expected: datetime) -> None:
    result = CAL.next_opening(moment)
    assert result == expected
    assert result.tzinfo is OFFICE_TZ


DUE_CASES = [
    # (received, working days, cut-off, appointment)
    (datetime(2026, 3, 2, 9, 30), 3, None, local(2026, 3, 5, 9, 30)),
    (datetime(2026, 3, 6, 9, 30), 1, None, local(2026, 3, 9, 9, 30)),  # over a weekend
    (datetime(2026, 3, 2, 12, 0), 1, None, local(2026, 3, 3, 13, 30)),  # lunch break
    (datetime(2026, 3, 2, 17, 0), 1, None, local(2026, 3, 4, 7, 0)),  # at closing
    (datetime(2026, 3, 2, 6, 30), 1, None, local(2026, 3, 3, 7, 0)),  # before opening
    (datetime(2026, 3, 7, 10, 0), 2, None, local(2026, 3, 11, 7, 0)),  # Saturday
    # Tết 2026
    (datetime(2026, 2, 13, 9, 30), 1, None, local(2026, 2, 23, 9, 30)),
    (datetime(2026, 2, 12, 10, 0), 3, None, local(2026, 2, 24, 10, 0)),
    (datetime(2026, 2, 16, 9, 0), 1, None, local(2026, 2, 24, 7, 0)),  # online, during Tết
    # Tết 2027
    (datetime(2027, 2, 3, 15, 0), 2, None, local(2027, 2, 12, 15, 0)),
    # Hùng Kings 2026 (observed Monday 27/4), then 30/4 and 1/5
    (datetime(2026, 4, 24, 14, 0), 2, None, local(2026, 4, 29, 14, 0)),
    (datetime(2026, 4, 29, 10, 0), 1, None, local(2026, 5, 4, 10, 0)),
    (datetime(2027, 4, 29, 10, 0), 1, None, local(2027, 5, 4, 10, 0)),
    # 2/9/2026 with the swapped days: Saturday 22/8 works, Monday 31/8 is off
    (datetime(2026, 8, 21, 9, 0), 1, None, local(2026, 8, 22, 9, 0)),
    (datetime(2026, 8, 28, 16, 0), 1, None, local(2026, 9, 3, 16, 0)),
    # 24/11/2026
    (datetime(2026, 11, 23, 9, 0), 1, None, local(2026, 11, 25, 9, 0)),
    # same-day procedures, closing 17:00, cut-off 15:00
    (datetime(2026, 3, 2, 9, 0), 0, time(15, 0), local(2026, 3, 2, 17, 0)),
    (datetime(2026, 3, 2, 14, 59), 0, time(15, 0), local(2026, 3, 2, 17, 0)),
    (datetime(2026, 3, 2, 15, 0), 0, time(15, 0), local(2026, 3, 2, 17, 0)),
    (datetime(2026, 3, 2, 15, 1), 0, time(15, 0), local(2026, 3, 3, 17, 0)),
    (datetime(2026, 3, 2, 18, 0), 0, time(15, 0), local(2026, 3, 3, 17, 0)),
    (datetime(2026, 3, 7, 16, 0), 0, time(15, 0), local(2026, 3, 9, 17, 0)),  # Saturday
    (datetime(2026, 2, 13, 15, 30), 0, time(15, 0), local(2026, 2, 23, 17, 0)),  # before Tết
    (datetime(2026, 3, 2, 16, 59), 0, None, local(2026, 3, 2, 17, 0)),
    # the cut-off also applies to longer procedures
    (datetime(2026, 3, 2, 16, 0), 2, time(15, 0), local(2026, 3, 5, 7, 0)),
    (datetime(2026, 3, 2, 14, 0), 2, time(15, 0), local(2026, 3, 4, 14, 0)),
    # timezone-aware input is converted to office time
    (datetime(2026, 3, 2, 2, 30, tzinfo=UTC), 1, None, local(2026, 3, 3, 9, 30)),
]


@pytest.mark.parametrize(("received", "days", "cutoff", "expected"), DUE_CASES)
def test_due_at(received: datetime, days: int, cutoff: time | None, expected: datetime) -> None:
    result = CAL.due_at(received, days, cutoff=cutoff)
    assert result == expected
    assert result.tzinfo is OFFICE_TZ


def test_due_at_follows_overrides() -> None:
    cal = WorkingCalendar(extra_days_off=[date(2026, 3, 3)], extra_working_days=[date(2026, 3, 7)])
    assert cal.due_at(datetime(2026, 3, 2, 9, 0), 1) == local(2026, 3, 4, 9, 0)
    assert cal.due_at(datetime(2026, 3, 6, 9, 0), 1) == local(2026, 3, 7, 9, 0)


def test_due_at_with_other_office_hours() -> None:
    cal = WorkingCalendar(office_hours=[(time(13, 0), time(17, 30)), (time(8, 0), time(12, 0))])
    assert cal.office_hours == ((time(8, 0), time(12, 0)), (time(13, 0), time(17, 30)))
    assert cal.due_at(datetime(2026, 3, 2, 7, 30), 1) == local(2026, 3, 3, 8, 0)
    assert cal.due_at(datetime(2026, 3, 2, 12, 30), 0) == local(2026, 3, 2, 17, 30)


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        (datetime(2026, 3, 2, 9, 0), 15, local(2026, 3, 17, 9, 0)),
        (datetime(2026, 4, 20, 10, 0), 10, local(2026, 5, 4, 10, 0)),  # lands on 30/4
        (datetime(2026, 3, 7, 10, 0), 5, local(2026, 3, 16, 7, 0)),  # from Monday 07:00
        (datetime(2026, 2, 6, 9, 0), 10, local(2026, 2, 23, 9, 0)),  # lands on Tết
        (datetime(2026, 3, 2, 9, 0), 0, local(2026, 3, 2, 17, 0)),
    ],
)
def test_due_at_calendar_days(received: datetime, days: int, expected: datetime) -> None:
    assert CAL.due_at_calendar_days(received, days) == expected


@pytest.mark.parametrize(
    ("received", "hours", "expected"),
    [
        (datetime(2026, 3, 2, 10, 0), 1, local(2026, 3, 2, 11, 0)),
        (datetime(2026, 3, 2, 10, 0), 4, local(2026, 3, 2, 16, 0)),
        (datetime(2026, 3, 2, 13, 30), 3.5, local(2026, 3, 2, 17, 0)),  # closing minute
        (datetime(2026, 3, 2, 7, 0), 4.5, local(2026, 3, 2, 11, 30)),
        (datetime(2026, 3, 2, 16, 0), 8, local(2026, 3, 3, 16, 0)),
        (datetime(2026, 3, 2, 12, 0), 0.5, local(2026, 3, 2, 14, 0)),
        (datetime(2026, 2, 13, 16, 0), 2, local(2026, 2, 23, 8, 0)),  # across Tết
        (datetime(2026, 3, 7, 9, 0), 0, local(2026, 3, 9, 7, 0)),
        (datetime(2026, 3, 2, 10, 0), 24, local(2026, 3, 5, 10, 0)),  # 3 days of 8 hours
    ],
)
def test_due_at_working_hours(received: datetime, hours: float, expected: datetime) -> None:
    assert CAL.due_at_working_hours(received, hours) == expected


@pytest.mark.parametrize(
    "call",
    [
        lambda: CAL.due_at(datetime(2026, 3, 2, 9), -1),
        lambda: CAL.due_at_calendar_days(datetime(2026, 3, 2, 9), -1),
        lambda: CAL.due_at_working_hours(datetime(2026, 3, 2, 9), -0.5),
        lambda: CAL.closing_time(date(2026, 3, 7)),
    ],
)
def test_invalid_arguments(call: object) -> None:
    with pytest.raises(ValueError):
        call()  # type: ignore[operator]


def test_counting_start() -> None:
    assert CAL.counting_start(datetime(2026, 3, 2, 12, 0)) == local(2026, 3, 2, 13, 30)
    assert CAL.counting_start(datetime(2026, 3, 2, 15, 30), cutoff=time(15)) == local(2026, 3, 3, 7)
    assert CAL.due_at(datetime(2026, 3, 2, 9), 1) - CAL.due_at(datetime(2026, 3, 2, 9), 0) == (
        timedelta(hours=16)
    )
