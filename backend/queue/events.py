"""The event log: every transition stored (statistics, replay) and encoded once for SSE
(backend/queue/sse.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import models
from backend.queue.sse import PENDING, sse_chunk
from counter_app.domain.calendar import OFFICE_TZ

CALLS = ("called", "recalled")


def record(s: Session, office_id: int, type_: str, now: datetime, *,
           ticket: models.Ticket | None = None, view: dict[str, Any] | None = None,
           counter_no: int | None = None, user: models.User | None = None,
           extra: dict[str, Any] | None = None) -> models.TicketEvent:
    payload = {"type": type_, "ticket": view, "counter_no": counter_no,
               "at": now.astimezone(OFFICE_TZ).isoformat(), **(extra or {})}
    ev = models.TicketEvent(
        office_id=office_id, day=now.astimezone(OFFICE_TZ).date(), type=type_, at=now,
        ticket_id=ticket.id if ticket else None, service_id=ticket.service_id if ticket else None,
        counter_no=counter_no, user_id=user.id if user else None,
        priority=bool(ticket and ticket.priority), payload=payload)
    s.add(ev)
    s.flush()
    s.info.setdefault(PENDING, []).append((office_id, ev.id, sse_chunk(ev.id, payload)))
    return ev


def as_event(ev: models.TicketEvent) -> dict[str, Any]:
    return {**ev.payload, "seq": ev.id}


def last_calls(s: Session, office_id: int, day: date, limit: int = 10) -> list[dict[str, Any]]:
    rows = s.scalars(select(models.TicketEvent).where(
        models.TicketEvent.office_id == office_id, models.TicketEvent.day == day,
        models.TicketEvent.type.in_(CALLS)).order_by(models.TicketEvent.id.desc())
        .limit(limit)).all()
    return [as_event(e) for e in rows]
