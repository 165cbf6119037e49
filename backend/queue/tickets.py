"""Issuing tickets (idempotent, numbered without gaps) and voiding them."""

from __future__ import annotations

import hashlib
import json
import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend import models
from backend import schemas_queue as sq
from backend.errors import DomainError
from backend.queue import events, ordering, views
from backend.queue.errors import KEY_REUSED, NO_TICKET, no_service, rule
from backend.queue.writes import QueueWriter
from backend.sequences import next_ticket_value
from counter_app.domain.queue import QueueRuleError, ticket_number, transition

log = logging.getLogger(__name__)


def _fingerprint(body: sq.TicketIssue) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _existing(s, office_id: int, key: str) -> models.Ticket | None:
    return s.scalar(select(models.Ticket).where(models.Ticket.office_id == office_id,
                                                models.Ticket.idempotency_key == key))


def issue(qw: QueueWriter, user: models.User, body: sq.TicketIssue,
          key: str) -> tuple[sq.Ticket, bool]:
    """(ticket, created). The same key and body answer the first ticket again."""
    office = user.office
    if user.role == "kiosk" or body.source is None:
        body = body.model_copy(update={"source": "kiosk" if user.role == "kiosk" else "counter"})
    fingerprint = _fingerprint(body)
    try:
        with qw.write(office.id) as s:
            found = _existing(s, office.id, key)
            if found is not None:
                if found.request_hash != fingerprint:
                    raise DomainError(409, "idempotency_key_reused", KEY_REUSED)
                return views.ticket_now(s, office, found), False
            svc = s.scalar(select(models.Service).where(models.Service.office_id == office.id,
                                                        models.Service.code == body.service_code))
            if svc is None:
                raise no_service(body.service_code)
            if not svc.active:
                raise DomainError(409, "service_paused",
                                  f"Dịch vụ “{svc.name}” đang tạm ngừng cấp số.")
            now = ordering.now_utc()
            day = ordering.office_day(now)
            seq = next_ticket_value(s, svc.id, day)
            try:
                number = ticket_number(svc.prefix, svc.number_start, svc.number_end, seq,
                                       svc.daily_cap)
            except QueueRuleError as exc:  # raising rolls the increment back: no gap
                raise DomainError(409, "queue_rule", f"{svc.name}: {exc}") from None
            t = models.Ticket(
                office_id=office.id, day=day, issued_service_id=svc.id, seq=seq, number=number,
                service_id=svc.id, priority=body.priority, status="waiting", issued_at=now,
                call_count=0, source=body.source, idempotency_key=key,
                request_hash=fingerprint, issued_by_id=user.id)
            s.add(t)
            s.flush()
            t.service = svc
            view = views.ticket(t, ordering.ahead_of_newest(s, office, t))
            events.record(s, office.id, "ticket_issued", now, ticket=t,
                          view=view.model_dump(mode="json"), user=user)
    except IntegrityError:
        # Only reachable if two servers share a database without the advisory lock.
        with qw.db.read() as s:
            found = _existing(s, office.id, key)
            if found is None:
                raise
            return views.ticket_now(s, office, found), False
    log.info("ticket %s issued (%s, %s) by %s", number, svc.code, body.priority or "normal",
             user.username)
    return view, True


def void(qw: QueueWriter, user: models.User, ticket_id: int, reason: str) -> sq.Ticket:
    office = user.office
    with qw.write(office.id) as s:
        t = s.get(models.Ticket, ticket_id)
        if t is None or t.office_id != office.id:
            raise DomainError(404, "ticket_unknown", NO_TICKET)
        if user.role == "kiosk" and t.issued_by_id != user.id:
            raise DomainError(403, "kiosk_cancel_foreign",
                              "Máy cấp số chỉ được hủy phiếu do chính máy đó cấp.")
        try:
            t.status = sq.status(transition(t.status, "cancel"))
        except QueueRuleError as exc:
            raise rule(exc) from None
        t.target_counter_id = None
        now = ordering.now_utc()
        view = views.ticket(t)
        events.record(s, office.id, "cancelled", now, ticket=t,
                      view=view.model_dump(mode="json"), user=user,
                      counter_no=t.counter.number if t.counter else None,
                      extra={"reason": reason})
    log.info("ticket %s voided by %s (%s)", t.number, user.username, reason[:40])
    return view
