"""Working-day calendar of a one-stop office and the appointment (due) date rule.

Working days
    Monday-Friday, minus Vietnamese public holidays and compensatory days off from the
    PyPI `holidays` package (country VN: 1/1, Tết, Hùng Kings, 30/4, 1/5, 2/9 plus the
    adjacent day, 24/11 from 2026, observed days), plus the Saturdays the package knows
    were made working days by an announced swap. On top of that, two override tables
    (the government announces swaps every year, and offices have local closures):
    `extra_working_days` makes a date a working day, `extra_days_off` makes it a day off;
    both win over the package. A date in both tables is a contradiction: ValueError.
    Official tables (`official`, see official_calendar.py): for a year that has one, the
    table replaces the package entirely (the package guesses future swaps, e.g. it gets
    2/1/2026 and 10/1/2026 wrong); years without one fall back to the package.
    `explain(d)` says which of these decided a date, and on whose authority.

Reception sessions
    Extra times the counter receives on a Saturday or Sunday (e.g. Saturday 07:30-11:30),
    only on a weekend day that is off merely by the weekly schedule (not a holiday, not
    an official or office day off). `is_open` / `next_opening` count them; time limits do
    not: a dossier received then counts from the next working day's first opening, so it
    is due when one received at Monday's opening would be.

Office hours
    Sessions, by default 07:00-11:30 and 13:30-17:00, each open from its start up to but
    not including its end. Naive datetimes are office-local time (`tz`); aware ones are
    converted. Every returned datetime is timezone-aware in `tz`.

Due-date rule (hạn trả kết quả), `due_at(received_at, N, cutoff=...)`
    1. Counting starts at S = the moment of receipt if the office is open then, otherwise
       the next opening: received in the lunch break → 13:30 the same day; after closing,
       on a weekend, a holiday or a compensatory day off → the first opening of the next
       working day.
    2. Cut-off (per procedure, optional): if S is later than the cut-off clock time
       (strictly after, e.g. 15:00:01 with a 15:00 cut-off), S moves to the first opening
       of the next working day. Applied once.
    3. N ≥ 1 working days: the day of S is not counted (Civil Code 2015 art. 147: a time
       limit counted in days starts on the day after the event); the appointment is on the
       N-th working day after S's date, at S's clock time. Received Monday 09:30 with 3
       working days → Thursday 09:30. The same clock time is always inside office hours
       and never later than the legal end of the N-th working day (art. 148), while
       leaving the office N full working days for the work.
    4. N = 0 (same-day procedures): the appointment is at the close of S's working day
       (the end of its last session, 17:00 by default); the closing minute counts as
       inside office hours for an appointment ("by 17:00"). With a 15:00 cut-off: received
       14:59 → today 17:00; received 15:01 → next working day 17:00.
    Calendar days, `due_at_calendar_days(received_at, N)`: S as in 1; the appointment
    is S's date + N calendar days at S's clock time, moved to the next working day when
    that date is not one (art. 148: a time limit ending on a day off ends on the next
    working day). N = 0 behaves as in 4.
    Hours, `due_at_working_hours(received_at, H)`: S as in 1; H hours of open office
    time are consumed session by session; the appointment is the moment they run out,
    which may be a session's closing minute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays

from counter_app.domain.official_calendar import OfficialDay, OfficialYear

OFFICE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_OFFICE_HOURS: tuple[tuple[time, time], ...] = (
    (time(7, 0), time(11, 30)),
    (time(13, 30), time(17, 0)),
)
_ONE_DAY = timedelta(days=1)
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WEEKLY, OFFICE = "lịch tuần", "cơ quan"


class DayExplanation(NamedTuple):
    is_working_day: bool
    reason: str  # e.g. "Nghỉ bù", "Thứ Bảy", "Làm bù", "Tết Nguyên đán"
    source: str  # e.g. "Công văn 12729/VPCP-KGVX", "lịch tuần", "cơ quan"


def package_source(year: int) -> str:
    return f"thư viện holidays (chưa có lịch chính thức năm {year})"


def _check_reception(
    sessions: Iterable[tuple[int, time, time]],
) -> dict[int, tuple[tuple[time, time], ...]]:
    by_day: dict[int, list[tuple[time, time]]] = {}
    for weekday, start, end in sessions:
        if weekday not in (5, 6):
            raise ValueError("reception sessions are for Saturday (5) or Sunday (6)")
        by_day.setdefault(weekday, []).append((start, end))
    return {k: _check_sessions(v) for k, v in by_day.items()}


def _check_sessions(office_hours: Sequence[tuple[time, time]]) -> tuple[tuple[time, time], ...]:
    sessions = tuple(sorted((start, end) for start, end in office_hours))
    if not sessions:
        raise ValueError("office_hours must hold at least one session")
    for start, end in sessions:
        if start.tzinfo is not None or end.tzinfo is not None:
            raise ValueError("office_hours are naive local clock times")
        if not start < end:
            raise ValueError(f"office session {start}-{end} ends before it starts")
    for (_, end), (next_start, _) in zip(sessions, sessions[1:], strict=False):
        if next_start < end:
            raise ValueError(f"office sessions overlap at {next_start}")
    return sessions


class WorkingCalendar:
    def __init__(
        self,
        *,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
        office_hours: Sequence[tuple[time, time]] = DEFAULT_OFFICE_HOURS,
        tz: ZoneInfo = OFFICE_TZ,
        official: Iterable[OfficialYear] = (),
        reception_sessions: Iterable[tuple[int, time, time]] = (),
    ) -> None:
        self._extra_off = frozenset(extra_days_off)
        self._extra_working = frozenset(extra_working_days)
        clash = sorted(self._extra_off & self._extra_working)
        if clash:
            listed = ", ".join(f"{d:%d/%m/%Y}" for d in clash)
            raise ValueError(f"dates both off and working in the override tables: {listed}")
        self._sessions = _check_sessions(office_hours)
        self._tz = tz
        self._by_year: dict[int, holidays.HolidayBase] = {}
        self._official = {y.year: y for y in official}
        self._official_days: dict[date, OfficialDay] = {
            d.day: d for y in self._official.values() for d in y.days}
        self._reception = _check_reception(reception_sessions)

    @property
    def tz(self) -> ZoneInfo:
        return self._tz

    @property
    def office_hours(self) -> tuple[tuple[time, time], ...]:
        return self._sessions

    @property
    def extra_days_off(self) -> frozenset[date]:
        return self._extra_off

    @property
    def extra_working_days(self) -> frozenset[date]:
        return self._extra_working

    @property
    def official_years(self) -> tuple[int, ...]:
        return tuple(sorted(self._official))

    # --- days -------------------------------------------------------------------------

    def _public(self, year: int) -> holidays.HolidayBase:
        # One package instance per year, built on first use: building all years up
        # front is slow and the package only knows announced swaps for some years.
        table = self._by_year.get(year)
        if table is None:
            table = holidays.country_holidays("VN", years=year, language="vi")
            self._by_year[year] = table
        return table

    def holiday_name(self, d: date) -> str | None:
        """Vietnamese name of the public holiday on `d` per the package, ignoring overrides."""
        return self._public(d.year).get(d)

    def explain(self, d: date) -> DayExplanation:
        """Whether `d` is a working day, why, and on whose authority (first match wins:
        office overrides, the official table of d's year, else the package, then the
        weekly schedule)."""
        if d in self._extra_working:
            return DayExplanation(True, "Ngày làm việc bổ sung", OFFICE)
        if d in self._extra_off:
            return DayExplanation(False, "Ngày nghỉ riêng của cơ quan", OFFICE)
        if d.year in self._official:
            listed = self._official_days.get(d)
            if listed is not None:
                return DayExplanation(listed.is_working_day, listed.name, listed.source)
        else:
            public = self._public(d.year)
            name = public.get(d)
            if name is not None:
                return DayExplanation(False, name, package_source(d.year))
            if d.weekday() >= 5 and d in public.weekend_workdays:
                return DayExplanation(True, "Làm bù", package_source(d.year))
        return DayExplanation(d.weekday() < 5, WEEKDAY_NAMES[d.weekday()], WEEKLY)

    def is_working_day(self, d: date) -> bool:
        return self.explain(d).is_working_day

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        d += _ONE_DAY
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after `d` (before it when n < 0); `d` itself when n == 0."""
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        remaining = abs(n)
        while remaining:
            d += step
            if self.is_working_day(d):
                remaining -= 1
        return d

    # --- hours ------------------------------------------------------------------------

    def _sessions_on(self, d: date) -> tuple[tuple[time, time], ...]:
        # The single place to change for per-weekday hours or half days.
        return self._sessions if self.is_working_day(d) else ()

    def _open_sessions_on(self, d: date) -> tuple[tuple[time, time], ...]:
        """Working hours, or on a plain weekend day the reception sessions."""
        sessions = self._sessions_on(d)
        if sessions or d.weekday() not in self._reception:
            return sessions
        return self._reception[d.weekday()] if self.explain(d).source == WEEKLY else ()

    def _local(self, dt: datetime) -> datetime:
        return dt.replace(tzinfo=self._tz) if dt.tzinfo is None else dt.astimezone(self._tz)

    def _at(self, d: date, clock: time) -> datetime:
        return datetime.combine(d, clock, tzinfo=self._tz)

    def is_open(self, dt: datetime) -> bool:
        """The counter receives at `dt` (working hours or a reception session)."""
        local = self._local(dt)
        clock = local.time()
        return any(start <= clock < end for start, end in self._open_sessions_on(local.date()))

    def next_opening(self, dt: datetime) -> datetime:
        """`dt` itself (in `tz`) when the counter is open then, else the next session start
        (reception sessions included)."""
        return self._next_start(self._local(dt), self._open_sessions_on)

    def next_working_opening(self, dt: datetime) -> datetime:
        """As next_opening, but only working hours count (time limits run on these)."""
        return self._next_start(self._local(dt), self._sessions_on)

    def _next_start(
        self, local: datetime, sessions_on: Callable[[date], tuple[tuple[time, time], ...]]
    ) -> datetime:
        day = local.date()
        clock: time | None = local.time()
        while True:
            for start, end in sessions_on(day):
                if clock is None or clock < start:
                    return self._at(day, start)
                if clock < end:
                    return local
            day, clock = day + _ONE_DAY, None

    def closing_time(self, d: date) -> datetime:
        """End of the last session of working day `d`."""
        sessions = self._sessions_on(d)
        if not sessions:
            raise ValueError(f"{d:%d/%m/%Y} is not a working day")
        return self._at(d, sessions[-1][1])

    # --- due dates --------------------------------------------------------------------

    def _at_clock_or_next(self, d: date, clock: time) -> datetime:
        return self.next_working_opening(self._at(d, clock))

    def counting_start(self, received_at: datetime, *, cutoff: time | None = None) -> datetime:
        """Steps 1-2 of the due-date rule: when the time limit starts running."""
        start = self.next_working_opening(received_at)
        if cutoff is not None and start.time() > cutoff:
            day = self.next_working_day(start.date())
            start = self._at(day, self._sessions_on(day)[0][0])
        return start

    def due_at(
        self, received_at: datetime, working_days: int, *, cutoff: time | None = None
    ) -> datetime:
        """Appointment for a time limit in working days (module docstring, steps 1-4)."""
        if working_days < 0:
            raise ValueError("working_days must be >= 0")
        start = self.counting_start(received_at, cutoff=cutoff)
        if working_days == 0:
            return self.closing_time(start.date())
        day = self.add_working_days(start.date(), working_days)
        return self._at_clock_or_next(day, start.time())

    def due_at_calendar_days(self, received_at: datetime, days: int) -> datetime:
        """Appointment for a time limit in calendar days, moved off days off."""
        if days < 0:
            raise ValueError("days must be >= 0")
        start = self.counting_start(received_at)
        if days == 0:
            return self.closing_time(start.date())
        day = start.date() + timedelta(days=days)
        if not self.is_working_day(day):
            day = self.next_working_day(day)
        return self._at_clock_or_next(day, start.time())

    def due_at_working_hours(self, received_at: datetime, hours: float) -> datetime:
        """Appointment after `hours` hours of open office time."""
        if hours < 0:
            raise ValueError("hours must be >= 0")
        remaining = timedelta(hours=hours)
        current = self.counting_start(received_at)
        while True:
            clock = current.time()
            end = next(e for s, e in self._sessions_on(current.date()) if s <= clock < e)
            session_end = self._at(current.date(), end)
            if remaining <= session_end - current:
                return current + remaining
            remaining -= session_end - current
            current = self.next_working_opening(session_end)
