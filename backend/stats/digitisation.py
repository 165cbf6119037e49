"""The digitisation indicators of Decision 766 for one office and period (issue 14): how
many received dossiers have every component digitised (or exempt), the share of components
digitised, and the share of stored files that were reused (the same file, by its SHA-256,
already stored for an earlier dossier); by field, day, clerk and receiving counter."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Date, and_, case, cast, exists, func, select
from sqlalchemy.orm import Session, aliased

from backend import models
from counter_app.domain.calendar import OFFICE_TZ

# Made once: a new alias builds its column collection again on every request (~1.5 ms).
_EARLIER = aliased(models.DossierFile)


_OFFSET_H = int((datetime(2000, 1, 1, tzinfo=OFFICE_TZ).utcoffset() or timedelta()).total_seconds()
                // 3600)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _office_day(s: Session, at: Any) -> Any:
    """The office's calendar day of a stored UTC time, in SQL."""
    if s.connection().dialect.name == "sqlite":
        # Stored as naive UTC text; Viet Nam keeps one offset all year (no DST since 1975).
        return func.date(at, f"{_OFFSET_H:+d} hours")
    return cast(func.timezone(OFFICE_TZ.key, at), Date)


def digitisation(s: Session, office_id: int, start: datetime, end: datetime) -> dict[str, Any]:
    D, F, P, U = models.Dossier, models.DossierFile, models.Procedure, models.User
    # The dossiers are counted by the database, by office day, field and counter: a year is
    # ~140k dossiers and ~1.5k groups (reading each dossier took most of a year's report).
    # How many components each asks for is the length of its documents list (always a
    # JSON list, backend/dossiers/receive.py); it is whole when that many file rows exist.
    stored = (select(F.dossier_id, func.count().label("n")).where(F.office_id == office_id)
              .group_by(F.dossier_id).subquery())
    wanted = func.coalesce(func.json_array_length(D.documents), 0)
    whole = case((and_(wanted > 0, func.coalesce(stored.c.n, 0) >= wanted), 1), else_=0)
    day = _office_day(s, D.received_at)
    groups = s.execute(select(day, P.field, D.counter_no, func.count(), func.sum(whole),
                              func.sum(wanted))
                       .join(P, P.code == D.procedure_code)
                       .outerjoin(stored, stored.c.dossier_id == D.id)
                       .where(D.office_id == office_id, D.received_at >= start,
                              D.received_at < end)
                       .group_by(day, P.field, D.counter_no)).all()
    reused = exists().where(and_(_EARLIER.sha256 == F.sha256, _EARLIER.id < F.id,
                                 _EARLIER.dossier_id != F.dossier_id))
    rows = s.execute(select(F.dossier_id, F.sha256, F.pages, U.full_name, reused,
                            D.counter_no)
                     .join(D, D.id == F.dossier_id).join(U, U.id == F.digitised_by_id)
                     .where(D.office_id == office_id, D.received_at >= start,
                            D.received_at < end)).all()
    files = exempt = pages = reused_n = 0
    clerks: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    # counter -> [dossiers, digitised, components, pages, reused]
    counters: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for _dossier_id, sha, n_pages, clerk, was_reused, counter in rows:
        if sha is None:
            exempt += 1
            continue
        files += 1
        pages += n_pages
        reused_n += bool(was_reused)
        clerks[clerk][0] += 1
        clerks[clerk][1] += n_pages
        counters[counter][2] += 1
        counters[counter][3] += n_pages
        counters[counter][4] += bool(was_reused)
    received = components = complete = 0
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    days: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for on, field, counter, n, n_whole, n_wanted in groups:
        n, n_whole = int(n), int(n_whole or 0)
        received += n
        components += int(n_wanted or 0)
        complete += n_whole
        counters[counter][0] += n
        counters[counter][1] += n_whole
        fields[field][0] += n
        fields[field][1] += n_whole
        key = on if isinstance(on, str) else on.isoformat()
        days[key][0] += n
        days[key][1] += n_whole
    return {
        "dossiers": received, "dossiers_digitised": complete,
        "dossiers_rate": _rate(complete, received),
        "components": components, "components_digitised": files,
        "components_exempt": exempt, "components_rate": _rate(files, components - exempt),
        "files_reused": reused_n, "reuse_rate": _rate(reused_n, files), "pages": pages,
        "by_field": [{"field": f, "dossiers": n, "digitised": k}
                     for f, (n, k) in sorted(fields.items())],
        "by_day": [{"day": d, "dossiers": n, "digitised": k}
                   for d, (n, k) in sorted(days.items())],
        "by_clerk": [{"clerk": c, "components": n, "pages": p}
                     for c, (n, p) in sorted(clerks.items())],
        # None: received where no counter was known (an account without a counter).
        "by_counter": [{"counter": c, "dossiers": n, "digitised": k, "components": m,
                        "pages": p, "reused": r}
                       for c, (n, k, m, p, r) in sorted(counters.items(),
                                                        key=lambda i: (i[0] is None, i[0] or 0))],
    }
