"""The government's yearly schedule of days off and make-up working days, as data.

The `holidays` package guesses future swaps (it gets 2/1/2026 and 10/1/2026 wrong), so a
year for which an official table exists is decided by the table alone: a date listed as
`day_off` is off, one listed as `make_up_working_day` is worked, every other date follows
the weekly schedule (Monday-Friday). Tables come from files shipped with the app
(resources/calendar) or imported by an admin from the year's notice.

File formats (both refused whole, naming the line, when anything is wrong):
    JSON  {"year": 2026, "source": "...", "days": [{"date": "2026-01-02",
           "kind": "day_off", "name": "Nghỉ bù", "source": "Công văn ..."}, ...]}
    CSV   header `date,kind,name,source`, one row per date (dd/mm/yyyy or yyyy-mm-dd).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, cast

DAY_OFF, MAKE_UP = "day_off", "make_up_working_day"
Kind = Literal["day_off", "make_up_working_day"]
_KINDS = (DAY_OFF, MAKE_UP)


class NoticeError(ValueError):
    """A schedule file that cannot be imported; the message is for the admin (Vietnamese)."""


@dataclass(frozen=True)
class OfficialDay:
    day: date
    kind: Kind
    name: str
    source: str

    @property
    def is_working_day(self) -> bool:
        return self.kind == MAKE_UP


@dataclass(frozen=True)
class OfficialYear:
    year: int
    source: str  # where the table as a whole came from, e.g. "lịch chính thức 2026"
    days: tuple[OfficialDay, ...]

    def get(self, d: date) -> OfficialDay | None:
        return next((x for x in self.days if x.day == d), None)

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "source": self.source,
                "days": [{"date": x.day.isoformat(), "kind": x.kind, "name": x.name,
                          "source": x.source} for x in self.days]}


def _parse_date(raw: str, where: str) -> date:
    text = raw.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise NoticeError(f"{where}: ngày {text[:20]!r} không hợp lệ (dùng dd/mm/yyyy hoặc "
                      "yyyy-mm-dd).")


def _day(row: Mapping[str, Any], where: str, year: int, default_source: str) -> OfficialDay:
    day = _parse_date(str(row.get("date") or ""), where)
    if day.year != year:
        raise NoticeError(f"{where}: ngày {day:%d/%m/%Y} không thuộc năm {year}.")
    kind = str(row.get("kind") or "").strip()
    if kind not in _KINDS:
        raise NoticeError(f"{where}: loại ngày {kind[:30]!r} không hợp lệ (chỉ nhận "
                          f"{DAY_OFF} hoặc {MAKE_UP}).")
    name = str(row.get("name") or "").strip() or ("Ngày nghỉ" if kind == DAY_OFF else "Làm bù")
    source = str(row.get("source") or "").strip() or default_source
    return OfficialDay(day, kind, name[:200], source[:200])


def _checked(year: int, source: str, days: Iterable[tuple[str, OfficialDay]]) -> OfficialYear:
    seen: dict[date, str] = {}
    kept: list[OfficialDay] = []
    for where, d in days:
        if d.day in seen:
            raise NoticeError(f"{where}: ngày {d.day:%d/%m/%Y} đã có ở {seen[d.day]}.")
        if d.kind == MAKE_UP and d.day.weekday() < 5:
            raise NoticeError(f"{where}: ngày làm bù {d.day:%d/%m/%Y} không phải Thứ Bảy "
                              "hoặc Chủ nhật.")
        seen[d.day] = where
        kept.append(d)
    if not kept:
        raise NoticeError(f"Tệp không có ngày nào của năm {year}.")
    return OfficialYear(year, source, tuple(sorted(kept, key=lambda x: x.day)))


def year_from_json(data: Any, year: int | None = None) -> OfficialYear:
    """A table from its JSON form; `year` (when given) must match the file's."""
    obj = cast(dict[str, Any], data) if isinstance(data, dict) else {}
    if not isinstance(obj.get("days"), list):
        raise NoticeError("Tệp JSON phải có dạng {\"year\": …, \"days\": [ … ]}.")
    stated = obj.get("year")
    if not isinstance(stated, int) or not 2000 <= stated <= 2100:
        raise NoticeError("Tệp JSON thiếu năm (\"year\") hợp lệ.")
    if year is not None and stated != year:
        raise NoticeError(f"Tệp là lịch năm {stated}, không phải năm {year}.")
    source = str(obj.get("source") or f"lịch chính thức {stated}")
    rows: list[tuple[str, OfficialDay]] = []
    for i, row in enumerate(cast(list[Any], obj["days"]), start=1):
        where = f"Dòng {i} (mục thứ {i} trong \"days\")"
        if not isinstance(row, dict):
            raise NoticeError(f"{where}: không phải một mục ngày.")
        rows.append((where, _day(cast(dict[str, Any], row), where, stated, source)))
    return _checked(stated, source, rows)


def parse_notice(text: str, fmt: str, year: int) -> OfficialYear:
    """An admin's file for `year` (fmt "json" or "csv"), or NoticeError naming the line."""
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise NoticeError(f"Dòng {exc.lineno}: tệp JSON không đọc được ({exc.msg}).") from None
        return year_from_json(data, year)
    if fmt != "csv":
        raise NoticeError("Chỉ nhận tệp .json hoặc .csv.")
    source = f"lịch chính thức {year}"
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"date", "kind"} - set(reader.fieldnames or ())
    if missing:
        raise NoticeError("Dòng 1: tiêu đề phải là date,kind,name,source.")
    rows: list[tuple[str, OfficialDay]] = []
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        where = f"Dòng {reader.line_num}"
        rows.append((where, _day(row, where, year, source)))
    return _checked(year, source, rows)
