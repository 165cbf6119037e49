"""Dossiers received in a period, counted once by the database for both the dossier
figures and the digitisation indicators: by office day, procedure and receiving counter.

A year is ~140k dossiers; each grouping used to read them again (by procedure for the
dossier figures, by day, field and counter for digitisation: a third of a year's report).
Grouping by the procedure's code rather than its field keeps the groups narrow (PostgreSQL
sorted the wide rows on disk); the few procedures are joined afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Group:
    day: str  # office day, ISO
    procedure: Procedure
    counter_no: int | None
    dossiers: int
    digitised: int  # with every component it asks for stored (a file or an exemption)
    components: int  # asked for


@dataclass(frozen=True, slots=True)
class Received:
    procedures: list[Procedure]  # those received, in the database's order of codes
    groups: list[Group]  # only dossiers of a known procedure (as an inner join would)


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
    rows = s.execute(select(each.c.day, each.c.procedure_code, each.c.counter_no,
                            func.count(), func.sum(whole), func.sum(each.c.wanted))
                     .group_by(each.c.day, each.c.procedure_code, each.c.counter_no)).all()
    codes = {r[1] for r in rows}
    found = s.execute(select(P.code, P.name, P.field).where(P.code.in_(codes))
                      .order_by(P.code)).all() if codes else []
    procedures = [Procedure(*p) for p in found]
    known = {p.code: p for p in procedures}
    groups = [Group(on if isinstance(on, str) else on.isoformat(), known[code], counter,
                    int(n), int(n_whole or 0), int(n_wanted or 0))
              for on, code, counter, n, n_whole, n_wanted in rows if code in known]
    return Received(procedures, groups)
