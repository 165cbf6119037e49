"""The digitisation indicators of Decision 766 for one office and period (issue 14): how
many received dossiers have every component digitised (or exempt), the share of components
digitised, and the share of stored files that were reused (the same file, by its SHA-256,
already stored for an earlier dossier); by field, day, clerk and receiving counter."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session, aliased

from backend import models
from backend.stats.received import Received, received

# Made once: a new alias builds its column collection again on every request (~1.5 ms).
_EARLIER = aliased(models.DossierFile)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def digitisation(s: Session, office_id: int, start: datetime, end: datetime,
                 dossiers: Received | None = None) -> dict[str, Any]:
    """`dossiers`: received(s, office_id, start, end) when the caller has it already."""
    D, F, U = models.Dossier, models.DossierFile, models.User
    # Counted by the database: the dossiers by office day, procedure and counter
    # (backend/stats/received.py), their files by clerk and counter (a year's files one
    # row each would be ~300k rows through the ORM).
    if dossiers is None:
        dossiers = received(s, office_id, start, end)
    reused = exists().where(and_(_EARLIER.sha256 == F.sha256, _EARLIER.id < F.id,
                                 _EARLIER.dossier_id != F.dossier_id))
    kept = F.sha256.is_not(None)  # a file, not an exemption
    files_of = s.execute(select(U.full_name, D.counter_no, func.count(F.sha256),
                                func.count() - func.count(F.sha256),
                                func.sum(case((kept, F.pages), else_=0)),
                                func.sum(case((and_(kept, reused), 1), else_=0)))
                         .join(D, D.id == F.dossier_id).join(U, U.id == F.digitised_by_id)
                         .where(D.office_id == office_id, D.received_at >= start,
                                D.received_at < end)
                         .group_by(U.full_name, D.counter_no)).all()
    files = exempt = pages = reused_n = 0
    clerks: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    # counter -> [dossiers, digitised, components, pages, reused]
    counters: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for clerk, counter, n_files, n_exempt, n_pages, n_reused in files_of:
        n_files, n_pages, n_reused = int(n_files), int(n_pages or 0), int(n_reused or 0)
        exempt += int(n_exempt)
        if not n_files:  # only exemptions: neither the clerk nor the counter is listed
            continue
        files += n_files
        pages += n_pages
        reused_n += n_reused
        clerks[clerk][0] += n_files
        clerks[clerk][1] += n_pages
        counters[counter][2] += n_files
        counters[counter][3] += n_pages
        counters[counter][4] += n_reused
    received_n = sum(c[0] for c in dossiers.by_procedure.values())
    complete = sum(c[1] for c in dossiers.by_procedure.values())
    components = sum(c[2] for c in dossiers.by_procedure.values())
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for code, (n, whole, _wanted) in dossiers.by_procedure.items():
        fields[dossiers.procedures[code].field][0] += n
        fields[dossiers.procedures[code].field][1] += whole
    days = {day: c[:2] for day, c in dossiers.by_day.items()}
    for counter, (n, whole, _wanted) in dossiers.by_counter.items():
        counters[counter][0] += n
        counters[counter][1] += whole
    return {
        "dossiers": received_n, "dossiers_digitised": complete,
        "dossiers_rate": _rate(complete, received_n),
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
