"""The clerk's actions on a ticket; each one is a checked transition plus its event."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from backend import models
from backend import schemas_queue as sq
from backend.errors import DomainError
from backend.queue import events, ordering, views
from backend.queue.errors import NO_TICKET, no_counter, no_service, rule
from backend.queue.writes import QueueWriter
from counter_app.domain.queue import QueueRuleError, check_transfer, transition

log = logging.getLogger(__name__)
EVENT = {"call": "called", "recall": "recalled", "start": "started", "finish": "finished",
         "no_show": "no_show", "return": "returned", "transfer": "transferred"}


def _ticket(s: Session, office_id: int, ticket_id: int) -> models.Ticket:
    # Its counter in the same statement; that counter's services are not needed here.
    t = s.get(models.Ticket, ticket_id, options=[
        joinedload(models.Ticket.counter).lazyload(models.Counter.services)])
    if t is None or t.office_id != office_id:
        raise DomainError(404, "ticket_unknown", NO_TICKET)
    return t


def counter_row(s: Session, office_id: int, no: int, *, services: bool = False,
                ) -> models.Counter:
    q = select(models.Counter).where(models.Counter.office_id == office_id,
                                     models.Counter.number == no)
    if services:  # in the same statement, not a second one
        q = q.options(joinedload(models.Counter.services))
    c = s.scalars(q).unique().one_or_none()
    if c is None:
        raise no_counter(no)
    return c


def _check(t: models.Ticket, action: str) -> str:
    try:
        return transition(t.status, action)
    except QueueRuleError as exc:
        raise rule(exc) from None


def _step(t: models.Ticket, action: str) -> None:
    t.status = sq.status(_check(t, action))


def _open(c: models.Counter) -> None:
    if c.state == "paused":
        reason = f" ({c.pause_reason})" if c.pause_reason else ""
        raise DomainError(409, "counter_paused",
                          f"Quầy số {c.number} đang tạm dừng{reason}. Hãy mở lại quầy "
                          "trước khi gọi số.")
    if c.state == "closed":
        raise DomainError(409, "counter_closed", f"Quầy số {c.number} đang đóng.")


def _free(c: models.Counter, busy: models.Ticket | None) -> None:
    if busy is not None:
        raise DomainError(409, "counter_busy",
                          f"Quầy số {c.number} đang có số {busy.number}; hãy kết thúc "
                          "hoặc đánh dấu vắng mặt trước khi gọi số mới.")


def _ready_to_call(s: Session, c: models.Counter) -> None:
    _open(c)
    _free(c, s.scalar(select(models.Ticket).where(
        models.Ticket.office_id == c.office_id, models.Ticket.counter_id == c.id,
        ordering.AT_COUNTER_NOW)))


def _emit(s: Session, office: models.Office, t: models.Ticket, action: str, now: datetime,
          user: models.User, counter_no: int | None) -> sq.Ticket:
    view = views.ticket_now(s, office, t)
    events.record(s, office.id, EVENT[action], now, ticket=t, view=view.model_dump(mode="json"),
                  counter_no=counter_no, user=user)
    log.info("ticket %s %s at counter %s by %s", t.number, EVENT[action], counter_no or "-",
             user.username)
    return view


def _call(s: Session, office: models.Office, t: models.Ticket, c: models.Counter,
          user: models.User) -> sq.Ticket:
    _step(t, "call")
    now = ordering.now_utc()
    t.counter, t.target_counter_id = c, None  # the object: t.counter may be loaded
    t.called_at, t.call_count = now, t.call_count + 1
    c.clerk_id = user.id
    s.flush()
    return _emit(s, office, t, "call", now, user, c.number)


def call_next(qw: QueueWriter, user: models.User, counter_no: int) -> sq.Ticket | None:
    office = user.office
    with qw.write(office.id) as s:
        c = counter_row(s, office.id, counter_no, services=True)
        _open(c)
        busy, t = ordering.next_for_counter(s, office, ordering.office_day(), c)
        _free(c, busy)
        return _call(s, office, t, c, user) if t is not None else None


def call(qw: QueueWriter, user: models.User, ticket_id: int, counter_no: int) -> sq.Ticket:
    office = user.office
    with qw.write(office.id) as s:
        t = _ticket(s, office.id, ticket_id)
        c = counter_row(s, office.id, counter_no)
        _check(t, "call")
        _ready_to_call(s, c)
        return _call(s, office, t, c, user)


def act(qw: QueueWriter, user: models.User, ticket_id: int, action: str) -> sq.Ticket:
    """recall | start | finish | no_show | return."""
    office = user.office
    with qw.write(office.id) as s:
        t = _ticket(s, office.id, ticket_id)
        at = t.counter.number if t.counter else None
        _step(t, action)
        now = ordering.now_utc()
        if action == "recall":
            t.call_count += 1
        elif action == "start":
            t.started_at = now
            if t.counter is not None:
                t.counter.clerk_id = user.id
        elif action == "finish":
            t.finished_at = now
        elif action == "return":
            t.counter_id = None  # back in its service queue, first-issue time kept
        s.flush()
        return _emit(s, office, t, action, now, user, at)


def transfer(qw: QueueWriter, user: models.User, ticket_id: int,
             body: sq.TransferRequest) -> sq.Ticket:
    office = user.office
    with qw.write(office.id) as s:
        t = _ticket(s, office.id, ticket_id)
        svc = target = None
        if body.service_code is not None:
            svc = s.scalar(select(models.Service).where(
                models.Service.office_id == office.id, models.Service.code == body.service_code))
            if svc is None:
                raise no_service(body.service_code)
        if body.counter_no is not None:
            target = counter_row(s, office.id, body.counter_no)
        here = t.counter.number if t.counter and t.status != "waiting" else None
        try:
            check_transfer(t.status, t.service.code, to_service=body.service_code,
                           to_counter=body.counter_no, current_counter=here,
                           target_active=svc.active if svc else True,
                           counter_state=target.state if target else None)
        except QueueRuleError as exc:
            raise rule(exc) from None
        from_code = t.service.code
        t.status = sq.status(transition(t.status, "transfer"))
        if svc is not None:
            t.service_id, t.target_counter_id = svc.id, None
            t.transferred_from = from_code
        else:
            assert target is not None  # check_transfer refused "neither" and "both"
            t.target_counter_id = target.id
            t.transferred_from = from_code
        t.transferred_from_counter = here
        t.counter_id = None
        s.flush()
        s.expire(t, ["service", "target_counter", "counter"])
        return _emit(s, office, t, "transfer", ordering.now_utc(), user, here)
