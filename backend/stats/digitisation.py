"""The digitisation indicators of Decision 766 for one office and period (issue 14): how
many received dossiers have every component digitised (or exempt), the share of components
digitised, and the share of stored files that were reused (the same file, by its SHA-256,
already stored for an earlier dossier); by field, day, clerk and receiving counter."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from backend import models
from counter_app.domain.calendar import OFFICE_TZ

# Made once: a new alias builds its column collection again on every request (~1.5 ms).
_EARLIER = aliased(models.DossierFile)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def digitisation(s: Session, office_id: int, start: datetime, end: datetime) -> dict[str, Any]:
    D, F, P, U = models.Dossier, models.DossierFile, models.Procedure, models.User
    # Only how many components each dossier asks for: counted by the database, not parsed
    # here (documents is always a JSON list, backend/dossiers/receive.py).
    dossiers = s.execute(select(D.id, func.json_array_length(D.documents), P.field,
                                D.received_at, D.counter_no)
                         .join(P, P.code == D.procedure_code)
                         .where(D.office_id == office_id, D.received_at >= start,
                                D.received_at < end)).all()
    reused = exists().where(and_(_EARLIER.sha256 == F.sha256, _EARLIER.id < F.id,
                                 _EARLIER.dossier_id != F.dossier_id))
    rows = s.execute(select(F.dossier_id, F.sha256, F.pages, U.full_name, reused,
                            D.counter_no)
                     .join(D, D.id == F.dossier_id).join(U, U.id == F.digitised_by_id)
                     .where(D.office_id == office_id, D.received_at >= start,
                            D.received_at < end)).all()
    done: dict[int, int] = defaultdict(int)
    files = exempt = pages = reused_n = 0
    clerks: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    # counter -> [dossiers, digitised, components, pages, reused]
    counters: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for dossier_id, sha, n_pages, clerk, was_reused, counter in rows:
        done[dossier_id] += 1
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
    components = complete = 0
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    days: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for dossier_id, n_documents, field, received_at, counter in dossiers:
        wanted = n_documents or 0
        components += wanted
        whole = wanted > 0 and done[dossier_id] >= wanted
        complete += whole
        counters[counter][0] += 1
        counters[counter][1] += whole
        fields[field][0] += 1
        fields[field][1] += whole
        day = received_at.astimezone(OFFICE_TZ).date().isoformat()  # the office's day
        days[day][0] += 1
        days[day][1] += whole
    return {
        "dossiers": len(dossiers), "dossiers_digitised": complete,
        "dossiers_rate": _rate(complete, len(dossiers)),
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
