"""Statistics for supervisors and admins (docs/api-stats.md)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query

from backend import models
from backend.deps import DbDep, OfficeDay, require_role
from backend.stats import report

router = APIRouter(tags=["stats"])
Supervisor = Annotated[models.User, Depends(require_role("supervisor", "admin"))]
MAX_DAYS = 732


@router.get("/stats", responses={403: {"description": "clerk, kiosk and display accounts"},
                                 422: {"description": "to before from, range over 2 years"}})
def stats(user: Supervisor, db: DbDep,
          first: Annotated[OfficeDay, Query(alias="from")],
          last: Annotated[OfficeDay, Query(alias="to")],
          by: Annotated[Literal["counter", "clerk", "service", "procedure", "hour", "day",
                                "month"], Query()] = "counter",
          target_min: Annotated[float | None, Query(gt=0, le=480)] = None,
          ) -> dict[str, Any]:
    """Figures of the office-local days from..to (both included), grouped by `by`.
    `target_min` defaults to the office's waiting-time target (admin office settings)."""
    if last < first:
        raise HTTPException(422, "Ngày kết thúc (to) phải không sớm hơn ngày bắt đầu (from).")
    if (last - first).days + 1 > MAX_DAYS:
        raise HTTPException(422, f"Khoảng thời gian tối đa {MAX_DAYS} ngày.")
    if target_min is None:
        with db.read() as s:
            office = s.get(models.Office, user.office_id)
            target_min = (office.waiting_target_min if office else None) \
                or report.DEFAULT_TARGET_MIN
    return report.build(db, user.office_id, first, last, by, target_min)
