"""Voiding tickets. (Issuing them: backend/queue/issuer.py, a group commit.)"""

from __future__ import annotations

import logging

from backend import models
from backend import schemas_queue as sq
from backend.errors import DomainError
from backend.queue import events, ordering, views
from backend.queue.errors import NO_TICKET, rule
from backend.queue.writes import QueueWriter
from counter_app.domain.queue import QueueRuleError, transition

log = logging.getLogger(__name__)


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
