"""Reading the audit log: the admin API and `counter-app admin audit` share this filter."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import models
from counter_app.domain.calendar import OFFICE_TZ

MAX_LIMIT = 1000
CLI_USER = "cli"


class AuditRecord(BaseModel):
    id: int
    at: datetime
    action: str
    code: str | None
    user: str = Field(description='username; "cli" for the server\'s command line')
    detail: dict[str, Any]
    ip: str | None = None
    request_id: str | None = None


def _start(d: date) -> datetime:
    return datetime.combine(d, time(0), tzinfo=OFFICE_TZ).astimezone(UTC)


def entries(s: Session, office_id: int, *, date_from: date | None = None,
            date_to: date | None = None, code: str | None = None,
            username: str | None = None, limit: int = 200) -> list[AuditRecord]:
    """Newest first; dates are office-local days, both ends included."""
    q = select(models.AuditEntry).where(models.AuditEntry.office_id == office_id)
    if date_from is not None:
        q = q.where(models.AuditEntry.at >= _start(date_from))
    if date_to is not None:
        q = q.where(models.AuditEntry.at < _start(date_to + timedelta(days=1)))
    if code:
        q = q.where(models.AuditEntry.code == code)
    if username == CLI_USER:
        q = q.where(models.AuditEntry.user_id.is_(None))
    elif username:
        q = q.join(models.User, models.User.id == models.AuditEntry.user_id).where(
            models.User.username == username)
    q = q.order_by(models.AuditEntry.id.desc()).limit(max(1, min(limit, MAX_LIMIT)))
    return [AuditRecord(id=e.id, at=e.at.astimezone(OFFICE_TZ), action=e.action, code=e.code,
                        user=e.user.username if e.user is not None else CLI_USER,
                        detail=e.detail or {}, ip=e.ip, request_id=e.request_id)
            for e in s.scalars(q).unique()]
