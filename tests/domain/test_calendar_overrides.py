"""Override tables around the holidays that move most appointments: Tết 2026 and 2027,
30/4-1/5, 2/9, and swaps of the kind the government announces every year (a Saturday
worked to bridge a holiday) or an office closes on its own. The backend builds its
calendar from the same tables (PUT /api/v1/admin/calendar), so these dates are the
appointments printed on receipts."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar

D = date


def at(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=OFFICE_TZ)


# (case, extra_days_off, extra_working_days, received, working days, cutoff, due)
CASES = [
    ("Tết 2026 (16-20/2) plus weekends",
     (), (), at(2026, 2, 13, 9), 1, None, at(2026, 2, 23, 9)),
    ("Tết 2026, office adds mùng 7 (23/2) off",
     (D(2026, 2, 23),), (), at(2026, 2, 13, 9), 1, None, at(2026, 2, 24, 9)),
    ("Tết 2026 swap: Saturday 7/2 worked",
     (D(2026, 2, 23),), (D(2026, 2, 7),), at(2026, 2, 6, 10), 1, None, at(2026, 2, 7, 10)),
    ("Tết 2026, same-day procedure after the 15:00 cut-off",
     (), (), at(2026, 2, 13, 15, 30), 0, time(15), at(2026, 2, 23, 17)),
    ("Tết 2027 (4-10/2)",
     (), (), at(2027, 2, 3, 14), 1, None, at(2027, 2, 11, 14)),
    ("Tết 2027, office adds 12/2 off, 3 working days",
     (D(2027, 2, 12),), (), at(2027, 2, 3, 14), 3, None, at(2027, 2, 16, 14)),
    ("30/4-1/5 2026 (Thu-Fri)",
     (), (), at(2026, 4, 29, 9, 30), 1, None, at(2026, 5, 4, 9, 30)),
    ("Hùng Kings 2026 observed Monday 27/4",
     (), (), at(2026, 4, 24, 9, 30), 1, None, at(2026, 4, 28, 9, 30)),
    ("swap: Saturday 25/4/2026 worked",
     (), (D(2026, 4, 25),), at(2026, 4, 24, 9, 30), 1, None, at(2026, 4, 25, 9, 30)),
    ("30/4-1/5 2027, 1/5 on a Saturday -> 3/5 off",
     (), (), at(2027, 4, 29, 16), 1, None, at(2027, 5, 4, 16)),
    ("2/9 2026 with 31/8 off, the package's swap",
     (), (), at(2026, 8, 28, 8), 1, None, at(2026, 9, 3, 8)),
    ("2/9 2026 swap: Saturday 22/8 worked per the package",
     (), (), at(2026, 8, 21, 8), 1, None, at(2026, 8, 22, 8)),
    ("2/9 2026, office does not work Saturday 22/8",
     (D(2026, 8, 22),), (), at(2026, 8, 21, 8), 1, None, at(2026, 8, 24, 8)),
    ("2/9 2027 (Thu-Fri), 2 working days",
     (), (), at(2027, 9, 1, 10), 2, None, at(2027, 9, 7, 10)),
    ("received on a day off the office added: counts from the next opening",
     (D(2026, 12, 31),), (), at(2026, 12, 31, 9), 1, None, at(2027, 1, 5, 7)),
]


@pytest.mark.parametrize(("off", "working", "received", "days", "cutoff", "due"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_due_dates_with_overrides(off, working, received, days, cutoff, due):
    cal = WorkingCalendar(extra_days_off=off, extra_working_days=working)
    assert cal.due_at(received, days, cutoff=cutoff) == due


@pytest.mark.parametrize(("day", "off", "working", "expected"), [
    (D(2026, 2, 17), (), (), False),                  # Tết
    (D(2026, 2, 17), (), (D(2026, 2, 17),), True),    # an override wins over the package
    (D(2026, 8, 22), (), (), True),                   # the package's working Saturday
    (D(2026, 8, 22), (D(2026, 8, 22),), (), False),   # ... undone by the office
    (D(2026, 11, 24), (), (), False),                 # Ngày Văn hóa Việt Nam from 2026
    (D(2026, 12, 26), (), (D(2026, 12, 26),), True),  # a Saturday worked
    (D(2027, 5, 3), (), (), False),                   # compensatory day for 1/5/2027
])
def test_working_day_table(day, off, working, expected):
    assert WorkingCalendar(extra_days_off=off, extra_working_days=working).is_working_day(day) \
        is expected


def test_calendar_days_land_after_tet():
    # 5 calendar days from 12/2/2026 is 17/2 (Tết): moved to the next working day.
    assert WorkingCalendar().due_at_calendar_days(at(2026, 2, 12, 10), 5) == at(2026, 2, 23, 10)
    added = WorkingCalendar(extra_days_off=[D(2026, 2, 23)])
    assert added.due_at_calendar_days(at(2026, 2, 12, 10), 5) == at(2026, 2, 24, 10)


def test_office_hours_override_moves_the_clock():
    cal = WorkingCalendar(office_hours=[(time(7, 30), time(11, 30)), (time(13), time(16, 30))])
    assert cal.due_at(at(2026, 2, 13, 7, 0), 1) == at(2026, 2, 23, 7, 30)
    assert cal.due_at(at(2026, 2, 13, 16, 45), 0) == at(2026, 2, 23, 16, 30)


def test_a_date_in_both_tables_is_refused():
    with pytest.raises(ValueError, match="31/12/2026"):
        WorkingCalendar(extra_days_off=[D(2026, 12, 31)], extra_working_days=[D(2026, 12, 31)])
