"""Pausing and resuming a counter (with the reason the display may show)."""

from __future__ import annotations

import logging

from backend import models
from backend import schemas_queue as sq
from backend.errors import DomainError
from backend.queue import events, ordering, views
from backend.queue.actions import counter_row
from backend.queue.writes import QueueWriter

log = logging.getLogger(__name__)


def set_paused(qw: QueueWriter, user: models.User, no: int, reason: str | None) -> sq.Counter:
    """reason=None resumes. Pausing a paused counter only updates the reason."""
    office = user.office
    with qw.write(office.id) as s:
        c = counter_row(s, office.id, no)
        if reason is not None:
            if c.state == "closed":
                raise DomainError(409, "counter_closed",
                                  f"Quầy số {no} đang đóng; không thể tạm dừng.")
            c.state, c.pause_reason, type_ = "paused", reason, "counter_paused"
        else:
            if c.state == "open":
                return views.counter(c, views.current_tickets(s, office.id).get(c.id))
            c.state, c.pause_reason, type_ = "open", None, "counter_resumed"
        c.clerk_id = user.id
        s.flush()
        view = views.counter(c, views.current_tickets(s, office.id).get(c.id))
        events.record(s, office.id, type_, ordering.now_utc(), counter_no=no, user=user,
                      extra={"reason": reason} if reason else None)
    log.info("counter %s %s by %s", no, type_, user.username)
    return view
