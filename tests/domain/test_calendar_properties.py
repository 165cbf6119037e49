"""Properties of the due-date rule over many receipt moments (2024-2028)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar

CAL = WorkingCalendar()
moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2028, 6, 30))
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 6, 30))
cutoffs = st.one_of(st.none(), st.times(min_value=time(7), max_value=time(17)))
fast = settings(deadline=None, max_examples=150)


def working_days_after(start: date, end: date) -> int:
    return sum(
        CAL.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1)
    )


@fast
@given(moments, st.integers(1, 30), cutoffs)
def test_appointment_is_n_working_days_later_inside_office_hours(
    received: datetime, n: int, cutoff: time | None
) -> None:
    due = CAL.due_at(received, n, cutoff=cutoff)
    start = CAL.counting_start(received, cutoff=cutoff)
    assert due.tzinfo is OFFICE_TZ
    assert CAL.is_open(due)
    assert due.time() == start.time()
    assert working_days_after(start.date(), due.date()) == n
    assert due > received.replace(tzinfo=OFFICE_TZ)


@fast
@given(moments, cutoffs)
def test_same_day_appointment_is_at_closing_on_a_working_day(
    received: datetime, cutoff: time | None
) -> None:
    due = CAL.due_at(received, 0, cutoff=cutoff)
    assert CAL.is_working_day(due.date())
    assert due.time() == time(17, 0)
    assert due > received.replace(tzinfo=OFFICE_TZ)


@fast
@given(moments, st.integers(0, 20))
def test_more_days_means_later(received: datetime, n: int) -> None:
    assert CAL.due_at(received, n + 1) > CAL.due_at(received, n)


@fast
@given(moments, moments, st.integers(0, 10), cutoffs)
def test_later_receipt_never_gives_earlier_appointment(
    a: datetime, b: datetime, n: int, cutoff: time | None
) -> None:
    first, second = sorted((a, b))
    assert CAL.due_at(first, n, cutoff=cutoff) <= CAL.due_at(second, n, cutoff=cutoff)


@fast
@given(moments)
def test_next_opening_is_open_and_not_before(moment: datetime) -> None:
    opening = CAL.next_opening(moment)
    assert CAL.is_open(opening)
    assert opening >= moment.replace(tzinfo=OFFICE_TZ)
    if CAL.is_open(moment):
        assert opening == moment.replace(tzinfo=OFFICE_TZ)
    else:
        # Nothing open in between: probing every 30 minutes finds only closed moments.
        probe = moment.replace(tzinfo=OFFICE_TZ)
        while probe + timedelta(minutes=30) < opening:
            probe += timedelta(minutes=30)
            assert not CAL.is_open(probe)


@fast
@given(days, st.integers(-40, 40))
def test_add_working_days_inverts(day: date, n: int) -> None:
    if CAL.is_working_day(day):
        assert CAL.add_working_days(CAL.add_working_days(day, n), -n) == day


@fast
@given(moments, st.integers(0, 3000), st.integers(0, 3000))
def test_working_hours_add_up(received: datetime, a: int, b: int) -> None:
    split = CAL.due_at_working_hours(CAL.due_at_working_hours(received, a / 60), b / 60)
    assert split == CAL.due_at_working_hours(received, (a + b) / 60)


@fast
@given(moments, st.integers(1, 60))
def test_calendar_days_never_before_and_on_a_working_day(received: datetime, n: int) -> None:
    due = CAL.due_at_calendar_days(received, n)
    start = CAL.counting_start(received)
    assert CAL.is_open(due)
    assert due.date() >= start.date() + timedelta(days=n)
    assert due.date() == start.date() + timedelta(days=n) or all(
        not CAL.is_working_day(start.date() + timedelta(days=i)) for i in range(n, (due - start).days)
    )
