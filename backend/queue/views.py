"""Rows -> contract shapes (Ticket, Counter, Service); times in office time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import models
from backend import schemas_queue as sq
from backend.queue import ordering
from counter_app.domain.calendar import OFFICE_TZ

AT_COUNTER = ("called", "serving")


def _local(dt: datetime | None) -> datetime | None:
    return dt.astimezone(OFFICE_TZ) if dt is not None else None


def counter_no(t: models.Ticket) -> int | None:
    # A waiting ticket shows the counter it is pinned to by a transfer, if any.
    c = t.target_counter if t.status == "waiting" else t.counter
    return c.number if c is not None else None


def ticket(t: models.Ticket, ahead: int = 0) -> sq.Ticket:
    return sq.Ticket(
        id=t.id, number=t.number, service_code=t.service.code, service_name=t.service.name,
        priority=t.priority, status=t.status, counter_no=counter_no(t),
        issued_at=t.issued_at.astimezone(OFFICE_TZ), called_at=_local(t.called_at), call_count=t.call_count,
        waiting_ahead=ahead if t.status == "waiting" else 0,
        transferred_from=t.transferred_from, transferred_from_counter=t.transferred_from_counter,
        source=t.source)


def ticket_now(s: Session, office: models.Office, t: models.Ticket) -> sq.Ticket:
    return ticket(t, ordering.ahead_of(s, office, t))


def current_tickets(s: Session, office_id: int) -> dict[int, models.Ticket]:
    """counter id -> the ticket called or served there now (any day: an open case)."""
    rows = s.scalars(select(models.Ticket).where(
        models.Ticket.office_id == office_id, ordering.AT_COUNTER_NOW,
        models.Ticket.counter_id.is_not(None)).order_by(models.Ticket.called_at)).all()
    return {t.counter_id: t for t in rows if t.counter_id is not None}


def counter(c: models.Counter, current: models.Ticket | None) -> sq.Counter:
    clerk = c.clerk
    return sq.Counter(
        no=c.number, name=c.name, service_codes=[sv.code for sv in c.services], state=c.state,
        pause_reason=c.pause_reason if c.state == "paused" else None,
        current_ticket=ticket(current) if current is not None else None,
        clerk=sq.ClerkRef(username=clerk.username, full_name=clerk.full_name) if clerk else None)


def counters(s: Session, office_id: int) -> list[sq.Counter]:
    rows = s.scalars(select(models.Counter).where(models.Counter.office_id == office_id)
                     .order_by(models.Counter.number)).all()
    current = current_tickets(s, office_id)
    return [counter(c, current.get(c.id)) for c in rows]


def issued_today(s: Session, day: date) -> dict[int, int]:
    rows = s.execute(select(models.TicketSequence.service_id, models.TicketSequence.last_value)
                     .where(models.TicketSequence.day == day)).all()
    return {sid: n for sid, n in rows}


def services(s: Session, office_id: int, *, only_active: bool) -> list[sq.Service]:
    q = select(models.Service).where(models.Service.office_id == office_id)
    if only_active:
        q = q.where(models.Service.active)
    rows = s.scalars(q.order_by(models.Service.prefix, models.Service.code)).all()
    day = ordering.office_day()
    issued, waiting = issued_today(s, day), ordering.waiting_counts(s, office_id, day)
    return [sq.Service(code=r.code, name=r.name, prefix=r.prefix, number_start=r.number_start,
                       number_end=r.number_end, daily_cap=r.daily_cap, active=r.active,
                       issued_today=issued.get(r.id, 0), waiting=waiting[r.id]) for r in rows]
