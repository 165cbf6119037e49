"""Issuing (kiosk or counter), voiding and listing tickets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response
from sqlalchemy import select

from backend import clock as backend_clock
from backend import models
from backend import schemas_queue as sq
from backend.deps import (
    BAD_KEY,
    ClerkPlus,
    DbDep,
    KioskOrClerk,
    KioskOrClerkCached,
    QueueDep,
    TicketId,
    check_key,
)
from backend.queue import errors, ordering, tickets, views
from backend.queue.fast_issue import encode
from backend.queue.issue_batch import IssueRequest

router = APIRouter(prefix="/queue", tags=["queue"])


@router.post("/tickets", response_model=sq.Ticket, status_code=201,
             responses={200: {"model": sq.Ticket, "description": "replay of the same key"},
                        400: {"description": BAD_KEY},
                        409: {"description": "daily cap reached, service closed, key reused"}})
async def issue(request: Request, body: sq.TicketIssue, caller: KioskOrClerkCached,
                idempotency_key: Annotated[str | None, Header()] = None) -> Response:
    """Written by the group commit (backend/queue/issuer.py) and answered after its commit;
    ordinary requests are answered the same way before reaching here
    (backend/queue/fast_issue.py)."""
    req = IssueRequest(caller.token_digest, body, check_key(idempotency_key),
                       backend_clock.current().now)
    try:
        issued = await request.app.state.issuer.issue(req)
    except HTTPException as exc:
        if exc.status_code == 401:  # revoked or expired since the pre-check remembered it
            request.app.state.token_cache.forget(caller.token_digest)
        raise
    status, content = encode(issued)
    return Response(content, status_code=status, media_type="application/json")


@router.post("/tickets/{ticket_id}/void", response_model=sq.Ticket)
def void(ticket_id: TicketId, body: sq.VoidRequest, user: KioskOrClerk, qw: QueueDep) -> sq.Ticket:
    return tickets.void(qw, user, ticket_id, body.reason)


@router.get("/tickets", response_model=list[sq.Ticket])
def list_tickets(user: ClerkPlus, db: DbDep,
                 status: Annotated[sq.Status, Query()] = "waiting",
                 service: Annotated[str | None, Query(max_length=20)] = None) -> list[sq.Ticket]:
    """Today's tickets; waiting ones in calling order (the office's strategy applied)."""
    T = models.Ticket
    with db.read() as s:
        office = s.get_one(models.Office, user.office_id)
        day = ordering.office_day()
        q = select(T).where(T.office_id == office.id, T.day == day, T.status == status)
        service_ids: list[int] = []
        if service is not None:
            svc = s.scalar(select(models.Service).where(models.Service.office_id == office.id,
                                                        models.Service.code == service))
            if svc is None:
                raise errors.no_service(service)
            q = q.where(T.service_id == svc.id)
            service_ids = [svc.id]
        rows = list(s.scalars(q).all())
        if status != "waiting":
            rows.sort(key=lambda t: (t.issued_at, t.id))
            return [views.ticket(t) for t in rows]
        strategy = ordering.strategy_of(office)
        ids = service_ids or list({t.service_id for t in rows})
        ordered = ordering.in_order(rows, strategy, ordering.streak(s, office.id, day, ids,
                                                                    strategy))
        ahead = ordering.ahead_map(s, office, ordered) if not service_ids else {
            t.id: i for i, t in enumerate(ordered)}
        return [views.ticket(t, ahead.get(t.id, 0)) for t in ordered]
