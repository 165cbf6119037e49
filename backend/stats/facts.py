"""One row per ticket from its events: the figures of counter_app/domain/stats.py, and
each counter's idle time of a day.

A day's events come in one query (~6,500 for 20 counters) and go through `ticket_times`
itself, so there is one definition. Measured on a generated year (20 counters, CPU time):
reading a day's events 6 ms, their facts 6 ms, idle times 2 ms; the same reduction in SQL
with window functions took longer than Python (22 s vs 17 s for the year), so ranges read
closed days' stored rows instead (backend/stats/store.py).

A ticket belongs to the counter and clerk of its last call (the counter that served it,
or saw it not show up, last); a ticket never called belongs to no counter or clerk. Its
service is the one it was issued for; its hour and weekday are those of its issue.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from backend.stats import rawsql
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.stats import EventTuple, counter_idle, ticket_times

END_EVENTS = ("finished", "transferred", "no_show", "cancelled")


@dataclass(slots=True)
class Fact:
    ticket_id: int
    day: date
    issued: datetime  # office-local
    service_id: int | None
    counter_no: int | None
    clerk_id: int | None
    outcome: str  # served | no_show | cancelled | waiting
    called: bool
    transferred: bool
    waiting: float | None  # seconds
    walk: float | None
    service: float | None
    on_site: float | None


def _s(td: timedelta | None) -> float | None:
    return None if td is None else td.total_seconds()


# One day, in the order of ix_ticket_events_office_day (office_id, day, id): neither
# database sorts; a ticket's events are in commit order and facts_of groups them by ticket.
_EVENTS_SQL = ("SELECT ticket_id, type, at, counter_no, user_id, service_id "
               "FROM ticket_events WHERE office_id = ? AND day = ? ORDER BY id")


def events_of(s: Session, office_id: int, day: date) -> list[tuple]:
    """(ticket_id, type, at UTC, counter_no, user_id, service_id) of one office day in commit
    order; counter events (pause/resume) have ticket_id None. As UtcDateTime would give
    them, converted here in one pass (rawsql.py says why)."""
    rows = rawsql.fetch(s, _EVENTS_SQL, (office_id, day.isoformat()))
    if rawsql.is_sqlite(s):  # naive UTC text
        # "+00:00" parses to datetime.UTC itself: a fifth of the cost of .replace(tzinfo=).
        at = datetime.fromisoformat
        return [(t, k, at(a + "+00:00"), c, u, sv) for t, k, a, c, u, sv in rows]
    return [(t, k, a.astimezone(UTC), c, u, sv) for t, k, a, c, u, sv in rows]


def facts_of(rows: list[tuple], day: date) -> Iterator[Fact]:
    """One Fact per ticket of that day, by ticket number, from events_of rows (counter
    events skipped). Made one at a time: a live day's facts become rows as they come, so
    none is still alive when the garbage collector passes (and gets promoted)."""
    # Stable: a ticket's events stay in commit order. Nearly sorted already (tickets are
    # numbered as issued), so cheaper here than in either database.
    tickets = sorted([r for r in rows if r[0] is not None], key=_TICKET)
    for tid, group in itertools.groupby(tickets, key=_TICKET):
        issue = call = None
        events: list[EventTuple] = []
        for r in group:
            kind = r[1]
            if kind == "ticket_issued":
                kind = "issued"
                if issue is None:
                    issue = r
            elif kind == "called":
                call = r
            events.append((kind, r[2], r[3], None))
        if issue is None or events[0][0] != "issued":
            continue  # a ticket issued on an earlier day (never in practice)
        tt = ticket_times(events)
        # Positional: a third of the cost of 13 keywords, ~1,500 times a request.
        yield Fact(tid, day, issue[2].astimezone(OFFICE_TZ), issue[5],
                   None if call is None else call[3], None if call is None else call[4],
                   tt.outcome, call is not None, tt.transferred, _s(tt.waiting), _s(tt.walk),
                   _s(tt.service), _s(tt.on_site))


_TICKET = operator.itemgetter(0)


def idle_of(rows, day: date, sessions: list[tuple[time, time]],
            now: datetime | None = None) -> dict[int, float]:
    """Idle seconds per counter that day: office sessions (up to `now` for today) minus its
    pauses minus its serving time. Counters with no event that day are left out (closed)."""
    # Every time in UTC, as the events' are: comparing datetimes of two different zones
    # asks the zone for its offset each time (half of this function's time, measured).
    if now is not None:
        now = now.astimezone(UTC)
    open_periods = []
    for a, b in sessions:
        start = datetime.combine(day, a, tzinfo=OFFICE_TZ).astimezone(UTC)
        end = datetime.combine(day, b, tzinfo=OFFICE_TZ).astimezone(UTC)
        if now is not None:
            end = min(end, now)
        if end > start:
            open_periods.append((start, end))
    day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=OFFICE_TZ).astimezone(UTC)
    if now is not None:
        day_end = min(day_end, now)
    paused: dict[int, list] = {}
    pause_since: dict[int, datetime] = {}
    serving: dict[int, list] = {}
    since: dict[int, tuple[int, datetime]] = {}  # ticket -> (counter, started at)
    seen: set[int] = set()
    for tid, kind, at, counter_no, _user, _svc in rows:
        if counter_no is not None:
            seen.add(counter_no)
        if tid is None:
            if counter_no is None:  # a counter's own event always names the counter
                continue
            if kind == "counter_paused" and counter_no not in pause_since:
                pause_since[counter_no] = at
            elif kind == "counter_resumed" and counter_no in pause_since:
                paused.setdefault(counter_no, []).append((pause_since.pop(counter_no), at))
        elif kind == "started" and counter_no is not None:  # service starts at a counter
            since[tid] = (counter_no, at)
        elif kind in END_EVENTS and tid in since:
            no, started = since.pop(tid)
            serving.setdefault(no, []).append((started, at))
    for no, at in pause_since.items():
        paused.setdefault(no, []).append((at, day_end))
    for c, started in since.values():
        serving.setdefault(c, []).append((started, day_end))
    return {no: counter_idle(open_periods, paused.get(no, []), serving.get(no, []))
            .total_seconds() for no in sorted(seen)}
