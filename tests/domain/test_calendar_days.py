"""Which days are working days: weekends, the `holidays` package (VN) and overrides.

The holiday dates below are what holidays 0.109 returns; if an upgrade changes them
these tests say so, and the override table is where an office corrects a wrong year.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from counter_app.domain.calendar import WorkingCalendar

CAL = WorkingCalendar()

DAYS_OFF = [
    # 2025
    date(2025, 1, 1),
    *(date(2025, 1, d) for d in range(27, 32)),  # Tết Ất Tỵ: 29 Tết .. mùng 3
    date(2025, 4, 7),  # Giỗ Tổ Hùng Vương
    date(2025, 4, 30),
    date(2025, 5, 1),
    date(2025, 5, 2),  # swapped with Saturday 26/4/2025
    date(2025, 9, 1),
    date(2025, 9, 2),
    # 2026
    date(2026, 1, 1),
    *(date(2026, 2, d) for d in range(16, 21)),  # Tết Bính Ngọ: giao thừa .. mùng 4
    date(2026, 4, 27),  # Hùng Kings (Sunday 26/4) observed on Monday
    date(2026, 4, 30),
    date(2026, 5, 1),
    date(2026, 8, 31),  # swapped with Saturday 22/8/2026
    date(2026, 9, 1),
    date(2026, 9, 2),
    date(2026, 11, 24),  # Ngày Văn hóa Việt Nam, from 2026
    # 2027
    date(2027, 1, 1),
    date(2027, 2, 4),
    date(2027, 2, 5),
    *(date(2027, 2, d) for d in range(8, 11)),  # Tết Đinh Mùi, weekend days moved to 10/2
    date(2027, 4, 16),
    date(2027, 4, 30),
    date(2027, 5, 3),  # 1/5 is a Saturday: observed Monday
    date(2027, 9, 2),
    date(2027, 9, 3),
    date(2027, 11, 24),
    # weekends
    date(2026, 3, 7),
    date(2026, 3, 8),
]

WORKING_DAYS = [
    date(2025, 1, 24),
    date(2025, 2, 3),
    date(2025, 4, 26),  # Saturday made a working day
    date(2025, 9, 3),
    date(2025, 11, 24),  # not yet a holiday in 2025
    date(2026, 1, 2),
    date(2026, 2, 13),  # last working day before Tết 2026
    date(2026, 2, 23),  # first working day after
    date(2026, 4, 28),
    date(2026, 5, 4),
    date(2026, 8, 22),  # Saturday made a working day
    date(2026, 9, 3),
    date(2026, 11, 23),
    date(2026, 11, 25),
    date(2027, 2, 3),
    date(2027, 2, 11),
    date(2027, 5, 4),
]


@pytest.mark.parametrize("day", DAYS_OFF, ids=str)
def test_days_off(day: date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize("day", WORKING_DAYS, ids=str)
def test_working_days(day: date) -> None:
    assert CAL.is_working_day(day)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 2, 17), "Tết Nguyên Đán"),
        (date(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
        (date(2026, 11, 24), "Ngày Văn hóa Việt Nam"),
        # The package uses the Vietnamese lunar calendar: Tết 2030 is 2/2, not China's 3/2.
        (date(2030, 2, 2), "Tết Nguyên Đán"),
        (date(2026, 3, 2), None),
    ],
)
def test_holiday_names(day: date, name: str | None) -> None:
    assert CAL.holiday_name(day) == name


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 2, 12), 1, date(2026, 2, 13)),
        (date(2026, 2, 13), 1, date(2026, 2, 23)),
        (date(2026, 2, 23), -1, date(2026, 2, 13)),
        (date(2026, 2, 12), 3, date(2026, 2, 24)),
        (date(2026, 2, 14), 0, date(2026, 2, 14)),
        (date(2026, 4, 29), 1, date(2026, 5, 4)),
        (date(2026, 8, 28), 1, date(2026, 9, 3)),
        (date(2026, 8, 21), 1, date(2026, 8, 22)),
        (date(2025, 4, 25), 4, date(2025, 5, 5)),
        (date(2026, 3, 2), 5, date(2026, 3, 9)),
        (date(2026, 3, 2), 10, date(2026, 3, 16)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(start, n) == expected


def test_extra_day_off_wins_over_a_weekday_and_a_swapped_saturday() -> None:
    cal = WorkingCalendar(extra_days_off=[date(2026, 3, 2), date(2026, 8, 22)])
    assert not cal.is_working_day(date(2026, 3, 2))
    assert not cal.is_working_day(date(2026, 8, 22))
    assert CAL.is_working_day(date(2026, 3, 2))  # no leak between instances


def test_extra_working_day_wins_over_weekend_and_holiday() -> None:
    cal = WorkingCalendar(extra_working_days=[date(2026, 3, 7), date(2026, 2, 20)])
    assert cal.is_working_day(date(2026, 3, 7))
    assert cal.is_working_day(date(2026, 2, 20))
    assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 20)


def test_a_date_in_both_tables_is_rejected() -> None:
    with pytest.raises(ValueError, match="02/03/2026"):
        WorkingCalendar(extra_days_off=[date(2026, 3, 2)], extra_working_days=[date(2026, 3, 2)])


@pytest.mark.parametrize(
    "hours",
    [
        (),
        ((time(11, 0), time(7, 0)),),
        ((time(7, 0), time(7, 0)),),
        ((time(7, 0), time(12, 0)), (time(11, 0), time(17, 0))),
    ],
)
def test_bad_office_hours_are_rejected(hours: tuple[tuple[time, time], ...]) -> None:
    with pytest.raises(ValueError):
        WorkingCalendar(office_hours=hours)


def test_overrides_accept_generators_and_are_exposed() -> None:
    cal = WorkingCalendar(extra_days_off=(date(2026, 3, d) for d in (2, 3)))
    assert cal.extra_days_off == {date(2026, 3, 2), date(2026, 3, 3)}
    assert cal.extra_working_days == frozenset()
