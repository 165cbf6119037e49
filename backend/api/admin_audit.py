"""The audit log for the office's supervisors and admins (clerks: 403)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from backend import audit_query, models
from backend.deps import DbDep, OfficeDay, require_role

router = APIRouter(prefix="/admin", tags=["admin"])
Overseer = Annotated[models.User, Depends(require_role("supervisor", "admin"))]


@router.get("/audit", response_model=list[audit_query.AuditRecord])
def list_audit(user: Overseer, db: DbDep,
               date_from: Annotated[OfficeDay | None, Query()] = None,
               date_to: Annotated[OfficeDay | None, Query()] = None,
               code: Annotated[str | None, Query(max_length=60)] = None,
               username: Annotated[str | None, Query(alias="user", max_length=60)] = None,
               limit: Annotated[int, Query(ge=1, le=audit_query.MAX_LIMIT)] = 200,
               ) -> list[audit_query.AuditRecord]:
    """Newest first; `date_from`/`date_to` are office-local days, both included;
    `user=cli` gives what was done on the server's command line."""
    with db.read() as s:
        return audit_query.entries(s, user.office_id, date_from=date_from, date_to=date_to,
                                   code=code, username=username, limit=limit)
