"""Statistics for supervisors and admins (docs/api-stats.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query

from backend import models
from backend.deps import DbDep, require_role
from backend.stats import report

router = APIRouter(tags=["stats"])
Supervisor = Annotated[models.User, Depends(require_role("supervisor", "admin"))]
MAX_DAYS = 732


@router.get("/stats", responses={403: {"description": "clerk, kiosk and display accounts"},
                                 422: {"description": "to before from, range over 2 years"}})
def stats(user: Supervisor, db: DbDep,
          first: Annotated[date, Query(alias="from")],
          last: Annotated[date, Query(alias="to")],
          by: Annotated[Literal["counter", "clerk", "service", "procedure", "hour", "day",
                                "month"], Query()] = "counter",
          target_min: Annotated[float, Query(gt=0, le=480)] = report.DEFAULT_TARGET_MIN,
          ) -> dict[str, Any]:
    """Figures of the office-local days from..to (both included), grouped by `by`."""
    if last < first:
        raise HTTPException(422, "Ngày kết thúc (to) phải không sớm hơn ngày bắt đầu (from).")
    if (last - first).days + 1 > MAX_DAYS:
        raise HTTPException(422, f"Khoảng thời gian tối đa {MAX_DAYS} ngày.")
    return report.build(db, user.office_id, first, last, by, target_min)
