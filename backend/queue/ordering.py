"""The calling order read from the database: which tickets wait for a counter, who is
next, how many are ahead. The rules themselves are in counter_app.domain.queue."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import Session

from backend import clock, models
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.queue import (
    QueueRuleError,
    Strategy,
    calling_order,
    normal_streak,
    waiting_ahead,
)

T = models.Ticket


def now_utc() -> datetime:
    """By the clock of the app serving the request (backend/clock.py)."""
    return clock.utc_now()


def office_day(now: datetime | None = None) -> date:
    return (now or now_utc()).astimezone(OFFICE_TZ).date()


def strategy_of(office: models.Office) -> Strategy:
    try:
        return Strategy(office.queue_mode, office.queue_ratio)  # type: ignore[arg-type]
    except QueueRuleError:  # a hand-edited row must not stop the queue
        return Strategy()


def streak(s: Session, office_id: int, day: date, service_ids: Iterable[int],
           strategy: Strategy) -> int:
    if strategy.mode == "strict":
        return 0
    E = models.TicketEvent
    rows = s.scalars(select(E.priority).where(
        E.office_id == office_id, E.day == day, E.type == "called",
        E.service_id.in_(list(service_ids))).order_by(E.id.desc())
        .limit(strategy.ratio + 1)).all()
    return normal_streak(rows)


def in_order(tickets: Iterable[models.Ticket], strategy: Strategy,
             streak_: int) -> list[models.Ticket]:
    return calling_order(tickets, strategy, streak=streak_,
                         is_priority=lambda t: t.priority is not None,
                         issued_at=lambda t: t.issued_at, tiebreak=lambda t: t.id)


# Literal, not bound: SQLite uses a partial index only for the very terms it was made with.
AT_COUNTER_NOW = text(f"tickets.{models.AT_COUNTER_SQL}")


def next_for_counter(s: Session, office: models.Office, day: date, counter: models.Counter,
                     ) -> tuple[models.Ticket | None, models.Ticket | None]:
    """(the ticket still at this counter, if any; the next one to call) in one statement:
    the head of each class (priority, normal) by an indexed LIMIT 1 each, then the
    strategy picks between them: no work per waiting ticket, whatever the queue's length."""
    services = [sv.id for sv in counter.services]
    scope = (T.office_id == office.id, T.day == day, T.status == "waiting",
             or_(T.target_counter_id == counter.id,
                 and_(T.service_id.in_(services), T.target_counter_id.is_(None))))
    busy = select(T.id).where(T.office_id == office.id, T.counter_id == counter.id,
                              AT_COUNTER_NOW).limit(1)
    heads = [select(T.id).where(*scope, cls).order_by(T.issued_at, T.id).limit(1)
             for cls in (T.priority.is_not(None), T.priority.is_(None))]
    rows = s.scalars(select(T).where(T.id.in_([q.scalar_subquery() for q in (busy, *heads)]))
                     ).all()
    at_counter = next((t for t in rows if t.status != "waiting"), None)
    candidates = [t for t in rows if t.status == "waiting"]
    if len(candidates) < 2:  # one class waiting: the strategy has nothing to choose
        return at_counter, candidates[0] if candidates else None
    strategy = strategy_of(office)
    if strategy.mode == "strict":
        return at_counter, in_order(candidates, strategy, 0)[0]
    pinned = s.scalars(select(T.service_id).distinct().where(
        T.office_id == office.id, T.day == day, T.status == "waiting",
        T.target_counter_id == counter.id)).all()
    ids = set(services) | set(pinned)
    return at_counter, in_order(candidates, strategy, streak(s, office.id, day, ids, strategy))[0]


def ahead_of(s: Session, office: models.Office, t: models.Ticket) -> int:
    """Estimate within the ticket's service queue (a counter may merge several)."""
    if t.status != "waiting":
        return 0
    strategy = strategy_of(office)
    base = (T.office_id == office.id, T.day == t.day, T.status == "waiting",
            T.service_id == t.service_id, T.id != t.id)
    same_class = T.priority.is_not(None) if t.priority else T.priority.is_(None)
    earlier = or_(T.issued_at < t.issued_at, and_(T.issued_at == t.issued_at, T.id < t.id))
    own = s.scalar(select(func.count()).where(*base, same_class, earlier)) or 0
    others = s.scalar(select(func.count()).where(*base, ~same_class)) or 0
    return waiting_ahead(t.priority is not None, own, others, strategy,
                         streak(s, office.id, t.day, [t.service_id], strategy))


def ahead_of_newest(s: Session, office: models.Office, t: models.Ticket) -> int:
    """ahead_of for a ticket just issued (the last of its class): one query."""
    strategy = strategy_of(office)
    rows = s.execute(select(T.priority.is_not(None), func.count()).where(
        T.office_id == office.id, T.day == t.day, T.status == "waiting",
        T.service_id == t.service_id, T.id != t.id).group_by(T.priority.is_not(None))).all()
    counts = {bool(p): n for p, n in rows}
    mine = t.priority is not None
    return waiting_ahead(mine, counts.get(mine, 0), counts.get(not mine, 0), strategy,
                         streak(s, office.id, t.day, [t.service_id], strategy))


def ahead_map(s: Session, office: models.Office,
              tickets: Sequence[models.Ticket]) -> dict[int, int]:
    """waiting_ahead for many tickets at once (one query per service)."""
    strategy = strategy_of(office)
    out: dict[int, int] = {}
    keys = {(t.day, t.service_id) for t in tickets if t.status == "waiting"}
    for day, service_id in keys:
        queue = s.scalars(select(T).where(T.office_id == office.id, T.day == day,
                                          T.status == "waiting", T.service_id == service_id)
                          ).all()
        ordered = in_order(queue, strategy, streak(s, office.id, day, [service_id], strategy))
        out.update({t.id: i for i, t in enumerate(ordered)})
    return out


def waiting_counts(s: Session, office_id: int, day: date) -> dict[int, int]:
    rows = s.execute(select(T.service_id, func.count()).where(
        T.office_id == office_id, T.day == day, T.status == "waiting")
        .group_by(T.service_id)).all()
    return defaultdict(int, {sid: n for sid, n in rows})
