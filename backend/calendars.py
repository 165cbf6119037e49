"""The office calendar: override tables in the database, one WorkingCalendar per version.

Official yearly schedules: the files shipped in resources/calendar (vn-official-YYYY.json)
plus those the admin imported (offices.official_calendar); an imported year replaces the
shipped one. Years with neither fall back to the `holidays` package (domain/calendar.py).

Every due date goes through `CalendarStore.for_office` inside the transaction that uses
it. It reads offices.calendar_version (bumped by every change, whichever process or
server made it) and rebuilds the calendar only when that number moved, so a change shows
on the very next dossier without re-reading the override table each time.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Sequence
from datetime import time
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

import resources
from backend import models, schemas
from backend.errors import DomainError
from counter_app.domain.calendar import DEFAULT_OFFICE_HOURS, WorkingCalendar
from counter_app.domain.official_calendar import (
    NoticeError,
    OfficialYear,
    parse_notice,
    year_from_json,
)

OFF, WORKING = "off", "working"


def _clock(value: str) -> time:
    try:
        if len(value) != 5:
            raise ValueError
        return time.fromisoformat(value)
    except ValueError:
        raise DomainError(422, "working_hours_invalid",
                          f"Giờ làm việc {value[:10]!r} không đúng dạng HH:MM.") from None


def parse_hours(pairs: list[tuple[str, str]] | list[list[str]]) -> list[tuple[time, time]]:
    """Sessions as given, refused unless each starts before it ends and they come in
    order without overlapping (a typo here would move every appointment)."""
    sessions = [(_clock(a), _clock(b)) for a, b in pairs]
    if not sessions:
        raise DomainError(422, "working_hours_empty", "Cần ít nhất một buổi làm việc.")
    for start, end in sessions:
        if not start < end:
            raise DomainError(422, "working_hours_invalid",
                              f"Buổi làm việc {start:%H:%M}-{end:%H:%M} kết thúc trước "
                              "khi bắt đầu.")
    for (_, end), (start, _) in zip(sessions, sessions[1:], strict=False):
        if start < end:
            raise DomainError(422, "working_hours_overlap",
                              f"Các buổi làm việc phải theo thứ tự và không chồng nhau "
                              f"(buổi bắt đầu {start:%H:%M} trước khi buổi trước kết "
                              f"thúc {end:%H:%M}).")
    return sessions


def _hours_json(sessions: list[tuple[time, time]] | tuple[tuple[time, time], ...]) -> list[list[str]]:
    return [[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in sessions]


@functools.cache
def shipped_years() -> dict[int, dict[str, Any]]:
    """The official tables shipped with the app, by year (checked like an import)."""
    years: dict[int, dict[str, Any]] = {}
    for path in sorted(resources.path("calendar").glob("vn-official-*.json")):
        table = year_from_json(json.loads(path.read_text(encoding="utf-8")))
        years[table.year] = table.to_json()
    return years


def _official(office: models.Office) -> list[dict[str, Any]]:
    tables = {y: {**t, "origin": "shipped"} for y, t in shipped_years().items()}
    for key, table in (office.official_calendar or {}).items():
        tables[int(key)] = {**table, "origin": "imported"}
    return [tables[y] for y in sorted(tables)]


def read(s: Session, office: models.Office) -> schemas.Calendar:
    rows = s.execute(select(models.CalendarOverride.day, models.CalendarOverride.kind).where(
        models.CalendarOverride.office_id == office.id)
        .order_by(models.CalendarOverride.day)).all()
    return schemas.Calendar(
        extra_days_off=[d for d, k in rows if k == OFF],
        extra_working_days=[d for d, k in rows if k == WORKING],
        office_hours=[(a, b) for a, b in office.office_hours
                      or _hours_json(DEFAULT_OFFICE_HOURS)],
        reception_sessions=[[int(w), str(a), str(b)] for w, a, b in office.reception_sessions or ()],
        official=_official(office),
    )


def _triples(entries: Sequence[Sequence[int | str]]) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    for entry in entries:
        w, a, b = entry
        if isinstance(w, str) or not isinstance(a, str) or not isinstance(b, str):
            raise DomainError(422, "reception_session_invalid",
                              "Buổi tiếp nhận thêm ghi [thứ (5: Thứ Bảy, 6: Chủ nhật), "
                              "\"HH:MM\", \"HH:MM\"].")
        out.append((w, a, b))
    return out


def parse_reception(entries: Sequence[Sequence[int | str]]) -> list[tuple[int, time, time]]:
    """Weekend reception sessions, refused unless on Saturday/Sunday and well formed."""
    triples = _triples(entries)
    out: list[tuple[int, time, time]] = []
    for weekday in sorted({w for w, _, _ in triples}):
        if weekday not in (5, 6):
            raise DomainError(422, "reception_session_weekday",
                              "Buổi tiếp nhận thêm chỉ dành cho Thứ Bảy hoặc Chủ nhật.")
        sessions = parse_hours(sorted((a, b) for w, a, b in triples if w == weekday))
        out += [(weekday, a, b) for a, b in sessions]
    return out


def build(cal: schemas.Calendar) -> WorkingCalendar:
    return WorkingCalendar(extra_days_off=cal.extra_days_off,
                           extra_working_days=cal.extra_working_days,
                           office_hours=parse_hours(cal.office_hours),
                           official=[year_from_json(t) for t in cal.official],
                           reception_sessions=parse_reception(cal.reception_sessions))


def validate(cal: schemas.Calendar) -> schemas.Calendar:
    off, working = sorted(set(cal.extra_days_off)), sorted(set(cal.extra_working_days))
    clash = sorted(set(off) & set(working))
    if clash:
        listed = ", ".join(f"{d:%d/%m/%Y}" for d in clash[:10])
        raise DomainError(422, "day_both_off_and_working",
                          f"Ngày vừa là ngày nghỉ vừa là ngày làm việc: {listed}.")
    sessions = parse_hours(cal.office_hours)
    reception = parse_reception(cal.reception_sessions)
    return schemas.Calendar(
        extra_days_off=off, extra_working_days=working,
        office_hours=[(a, b) for a, b in _hours_json(sessions)],
        reception_sessions=[[w, f"{a:%H:%M}", f"{b:%H:%M}"] for w, a, b in reception])


def parse_import(body: schemas.CalendarImport) -> OfficialYear:
    try:
        return parse_notice(body.content, body.format, body.year)
    except NoticeError as exc:
        raise DomainError(422, "calendar_import_invalid",
                          f"Không nhập lịch năm {body.year}: {exc} Chưa có ngày nào được "
                          "nhập.") from None


def import_official(s: Session, office: models.Office, table: OfficialYear) -> schemas.Calendar:
    """Store `table` as the office's official schedule for its year (the caller's
    transaction), replacing the shipped or earlier imported one for that year."""
    stored = dict(office.official_calendar or {})
    stored[str(table.year)] = table.to_json()
    office.official_calendar = stored
    office.calendar_version = (office.calendar_version or 0) + 1
    s.flush()
    return read(s, office)


def write(s: Session, office: models.Office, cal: schemas.Calendar) -> schemas.Calendar:
    """Replace the office's overrides and hours (the caller's transaction)."""
    cal = validate(cal)
    s.execute(delete(models.CalendarOverride).where(
        models.CalendarOverride.office_id == office.id))
    s.add_all([models.CalendarOverride(office_id=office.id, day=d, kind=OFF)
               for d in cal.extra_days_off])
    s.add_all([models.CalendarOverride(office_id=office.id, day=d, kind=WORKING)
               for d in cal.extra_working_days])
    office.office_hours = [list(p) for p in cal.office_hours]
    office.reception_sessions = [list(t) for t in cal.reception_sessions]
    office.calendar_version = (office.calendar_version or 0) + 1
    s.flush()
    return read(s, office)


_VERSION = select(models.Office.calendar_version).where(
    models.Office.id == bindparam("office_id"))


class CalendarStore:
    """Per-process cache of each office's WorkingCalendar, keyed by calendar_version."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: dict[int, tuple[int, WorkingCalendar]] = {}

    def for_office(self, s: Session, office_id: int) -> WorkingCalendar:
        # The version alone: the office row carries its imported schedules as JSON, and
        # every dossier asks (issue 16).
        version = s.execute(_VERSION, {"office_id": office_id}).scalar_one() or 0
        with self._lock:
            hit = self._cached.get(office_id)
        if hit is not None and hit[0] == version:
            return hit[1]
        office = s.get_one(models.Office, office_id)
        version = office.calendar_version or 0
        calendar = build(read(s, office))
        with self._lock:
            self._cached[office_id] = (version, calendar)
        return calendar

    def forget(self, office_id: int | None = None) -> None:
        with self._lock:
            if office_id is None:
                self._cached.clear()
            else:
                self._cached.pop(office_id, None)

