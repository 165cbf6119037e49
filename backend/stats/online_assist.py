"""Citizens helped to file online-only procedures on the national portal (Directive
24/CT-TTg): how many, per office day and per procedure, for one office and period."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend import models


def online_assist(s: Session, office_id: int, first: date, last: date) -> dict[str, Any]:
    A, P = models.AssistedFiling, models.Procedure
    where = (A.office_id == office_id, A.day >= first, A.day <= last)
    days = s.execute(select(A.day, func.count(A.id)).where(*where)
                     .group_by(A.day).order_by(A.day)).all()
    procs = s.execute(select(P.code, P.name, func.count(A.id)).join(P, P.code == A.procedure_code)
                      .where(*where).group_by(P.code, P.name).order_by(P.code)).all()
    return {
        "total": sum(n for _d, n in days),
        "by_day": [{"day": d.isoformat(), "count": n} for d, n in days],
        "by_procedure": [{"code": c, "name": name, "count": n} for c, name, n in procs],
    }
