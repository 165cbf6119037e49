"""Dossiers received in a period, counted once by the database for both the dossier
figures and the digitisation indicators: by office day, procedure and receiving counter.

A year is ~140k dossiers; each grouping used to read them again (by procedure for the
dossier figures, by day, field and counter for digitisation: a third of a year's report).
Grouping by the procedure's code rather than its field keeps the groups narrow (PostgreSQL
sorted the wide rows on disk); the few procedures are joined afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Date, and_, case, cast, func, select
from sqlalchemy.orm import Session

from backend import models
from counter_app.domain.calendar import OFFICE_TZ

_OFFSET_H = int((datetime(2000, 1, 1, tzinfo=OFFICE_TZ).utcoffset() or timedelta()).total_seconds()
                // 3600)


@dataclass(frozen=True, slots=True)
class Procedure:
    code: str
    name: str
    field: str


@dataclass(slots=True)
class Received:
    """[dossiers, digitised, components asked for] of the dossiers of a known procedure (as
    an inner join would count them). Digitised: every component it asks for is stored
    (a file or an exemption)."""

    procedures: dict[str, Procedure] = field(default_factory=dict)  # the database's order
    by_procedure: dict[str, list[int]] = field(default_factory=dict)
    by_day: dict[str, list[int]] = field(default_factory=dict)  # office day, ISO
    by_counter: dict[int | None, list[int]] = field(default_factory=dict)

    def add(self, key: Any, into: dict, n: int, whole: int, wanted: int) -> None:
        counts = into.get(key)
        if counts is None:
            into[key] = [n, whole, wanted]
        else:
            counts[0] += n
            counts[1] += whole
            counts[2] += wanted


def office_day(s: Session, at: Any) -> Any:
    """The office's calendar day of a stored UTC time, in SQL."""
    if s.connection().dialect.name == "sqlite":
        # Stored as naive UTC text; Viet Nam keeps one offset all year (no DST since 1975).
        # Whole seconds first: SQLite's date() rounds to the millisecond, which put
        # 23:59:59.9995 and later on the next day.
        return func.date(func.substr(at, 1, 19), f"{_OFFSET_H:+d} hours")
    return cast(func.timezone(OFFICE_TZ.key, at), Date)


def received(s: Session, office_id: int, start: datetime, end: datetime) -> Received:
    """Dossiers with start <= received_at < end (UTC)."""
    D, F, P = models.Dossier, models.DossierFile, models.Procedure
    # How many components each asks for is the length of its documents list (always a
    # JSON list, backend/dossiers/receive.py); it is whole when that many file rows exist.
    stored = (select(F.dossier_id, func.count().label("n")).where(F.office_id == office_id)
              .group_by(F.dossier_id).subquery())
    # One row per dossier, its JSON read once. OFFSET 0 keeps PostgreSQL from pulling the
    # expressions up into the grouping: it then hashes these narrow rows instead of
    # sorting the documents' text along on disk (a year: ~240 -> ~130 ms). SQLite plans
    # both shapes the same.
    each = (select(office_day(s, D.received_at).label("day"), D.procedure_code,
                   D.counter_no, func.coalesce(func.json_array_length(D.documents), 0)
                   .label("wanted"), stored.c.n)
            .outerjoin(stored, stored.c.dossier_id == D.id)
            .where(D.office_id == office_id, D.received_at >= start, D.received_at < end)
            .offset(0).subquery())
    whole = case((and_(each.c.wanted > 0, func.coalesce(each.c.n, 0) >= each.c.wanted), 1),
                 else_=0)
    grouped = (select(each.c.day, each.c.procedure_code, each.c.counter_no,
                      func.count().label("n"), func.sum(whole).label("whole"),
                      func.sum(each.c.wanted).label("wanted"))
               .group_by(each.c.day, each.c.procedure_code, each.c.counter_no).subquery())
    # ~5k groups a year, read one at a time into a few hundred counts: kept as rows they
    # were promoted by the garbage collector and made its full passes come sooner.
    out = Received()
    for on, code, name, fld, counter, n, n_whole, n_wanted in s.connection().execute(
            select(grouped.c.day, P.code, P.name, P.field, grouped.c.counter_no,
                   grouped.c.n, grouped.c.whole, grouped.c.wanted)
            .join(P, P.code == grouped.c.procedure_code).order_by(P.code)):
        n, n_whole, n_wanted = int(n), int(n_whole or 0), int(n_wanted or 0)
        if code not in out.procedures:
            out.procedures[code] = Procedure(code, name, fld)
        out.add(code, out.by_procedure, n, n_whole, n_wanted)
        out.add(on if isinstance(on, str) else on.isoformat(), out.by_day, n, n_whole, n_wanted)
        out.add(counter, out.by_counter, n, n_whole, n_wanted)
    return out
