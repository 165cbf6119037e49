"""Counter statistics, defined once and computed exactly so (issue 6; README copies this).

Input: each ticket's events in time order (issued, called, recalled, started, finished,
no_show, returned, transferred, cancelled). Durations are elapsed clock time: an
applicant who waits through the lunch break did wait that long.

Per ticket
    waiting   issued → the call that led to service. Normally the first call; after a
              no-show and a return to the queue, the first call after the last return
              (so the whole time since issue counts, docs/domain.md "Statistics").
              A recall repeats a call and changes nothing. Tickets never called
              have no waiting time (they count as cancelled / left).
    walk      that call → start (how long the applicant took to reach the counter).
    service   start → finish, summed over serving periods (a ticket transferred while
              being served adds start → transfer, then the next start → finish).
    on_site   issued → the ticket's last event (finish, final no-show or cancel).
    over_target  waiting > the office's waiting-time target.
Aggregates: count, mean and the 90th percentile (nearest-rank: the smallest value with at
least 90 % of values at or below it), never interpolated between two tickets.
Counter idle time = open time − serving time: open time is the office hours of the day
minus the counter's paused periods, serving time is the sum of service periods at it.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple


class Event(NamedTuple):
    type: str
    at: datetime
    counter_no: int | None = None
    service_code: str | None = None


# What ticket_times reads: an Event, or the same four values as a plain tuple. A live day
# passes ~6,500 per request (backend/stats/facts.py): a plain tuple is a quarter of the
# cost to make, and the garbage collector stops tracking it at its first pass (not so a
# named tuple: those it kept promoting, so full collections came every few requests).
EventTuple = tuple[str, datetime, int | None, str | None]


class TicketTimes(NamedTuple):
    outcome: str  # served | no_show | cancelled | waiting
    waiting: timedelta | None
    walk: timedelta | None
    service: timedelta | None
    on_site: timedelta | None
    served_at: int | None  # counter that finished it
    transferred: bool


_ENDS = ("finished", "transferred", "no_show", "cancelled")
_OUTCOMES = {"finished": "served", "no_show": "no_show", "cancelled": "cancelled"}


def ticket_times(events: Sequence[EventTuple]) -> TicketTimes:
    if not events or events[0][0] != "issued":
        raise ValueError("a ticket's events start with 'issued'")
    issued = events[0][1]
    # One pass over the events (a live day is ~1,500 tickets a request).
    call_at: datetime | None = None  # the first call since the last return
    starts: list[datetime] = []
    service = timedelta(0)
    serving_since: datetime | None = None
    finished_at_counter = None
    transferred = False
    for kind, at, counter_no, _service_code in events:
        if kind == "called":
            if call_at is None:
                call_at = at
        elif kind == "started":
            serving_since = at
            starts.append(at)
        elif kind == "returned":
            call_at = None
        elif kind in _ENDS:
            if kind == "transferred":
                transferred = True
            if serving_since is not None:
                service += at - serving_since
                serving_since = None
                if kind == "finished":
                    finished_at_counter = counter_no
    # The walk ends at the first start not before that call.
    start = None if call_at is None else next((at for at in starts if at >= call_at), None)
    final_kind, final_at = events[-1][:2]
    outcome = _OUTCOMES.get(final_kind, "waiting")
    return TicketTimes(
        outcome=outcome,
        waiting=None if call_at is None else call_at - issued,
        walk=None if call_at is None or start is None else start - call_at,
        service=None if start is None else service,
        on_site=final_at - issued if outcome != "waiting" else None,
        served_at=finished_at_counter,
        transferred=transferred,
    )


@dataclass(frozen=True)
class Summary:
    count: int
    mean: timedelta | None
    p90: timedelta | None


def summarise(values: Iterable[timedelta | None]) -> Summary:
    present = sorted(v for v in values if v is not None)
    if not present:
        return Summary(0, None, None)
    mean = sum(present, timedelta(0)) / len(present)
    return Summary(len(present), mean, present[math.ceil(0.9 * len(present)) - 1])


def over_target(times: Iterable[TicketTimes], target: timedelta) -> int:
    return sum(1 for t in times if t.waiting is not None and t.waiting > target)


def counter_idle(open_periods: Sequence[tuple[datetime, datetime]],
                 paused: Sequence[tuple[datetime, datetime]],
                 serving: Sequence[tuple[datetime, datetime]]) -> timedelta:
    """Open time (office sessions minus pauses) minus the serving time inside it."""
    open_time = _total(_subtract(open_periods, paused))
    busy = _total(_intersect(serving, _subtract(open_periods, paused)))
    return max(open_time - busy, timedelta(0))


def _total(periods: Iterable[tuple[datetime, datetime]]) -> timedelta:
    return sum((b - a for a, b in periods if b > a), timedelta(0))


Period = tuple[datetime, datetime]


def _subtract(base: Iterable[Period], cut: Sequence[Period]) -> list[Period]:
    out: list[Period] = []
    for a, b in base:
        pieces = [(a, b)]
        for c, d in cut:
            pieces = [p for x, y in pieces for p in ((x, min(y, c)), (max(x, d), y)) if p[1] > p[0]]
        out.extend(pieces)
    return out


def _intersect(periods: Iterable[Period], within: Sequence[Period]) -> list[Period]:
    return [(max(a, c), min(b, d)) for a, b in periods for c, d in within if min(b, d) > max(a, c)]


# ---- grouping helpers (statistics over many tickets, in seconds) -------------------------

@dataclass(frozen=True)
class SecondsSummary:
    count: int
    mean_s: float | None
    p90_s: float | None


def summarise_seconds(values: Iterable[float | None]) -> SecondsSummary:
    """`summarise` over plain seconds (a year of tickets without a timedelta each):
    the same mean and the same nearest-rank 90th percentile."""
    present = sorted([v for v in values if v is not None])
    if not present:
        return SecondsSummary(0, None, None)
    return SecondsSummary(len(present), math.fsum(present) / len(present),
                          present[math.ceil(0.9 * len(present)) - 1])


def summarise_sorted(present: Sequence[float], total: float | None = None) -> SecondsSummary:
    """The same figures from values already sorted and without None (a year's worth:
    no second pass). `total` is their sum when the caller already has it."""
    if not present:
        return SecondsSummary(0, None, None)
    n = len(present)
    return SecondsSummary(n, (math.fsum(present) if total is None else total) / n,
                          present[math.ceil(0.9 * n) - 1])


HISTOGRAM_STEP_MIN = 5
HISTOGRAM_LAST_MIN = 60


def waiting_histogram(waits_s: Iterable[float | None]) -> list[tuple[int, int | None, int]]:
    """(from_min, to_min, count): 5-minute buckets [from, to) up to 60, then 60+ (to None)."""
    present = sorted([w for w in waits_s if w is not None])  # one run if already sorted
    return waiting_histogram_of(lambda s: bisect.bisect_left(present, s), len(present))


def waiting_histogram_of(below: Callable[[float], int], n: int
                         ) -> list[tuple[int, int | None, int]]:
    """The same buckets from `below(s)`, how many of the n waits are under s seconds (waits
    kept in several sorted runs: no merged list needed)."""
    edges = list(range(0, HISTOGRAM_LAST_MIN, HISTOGRAM_STEP_MIN))
    cuts = [below(m * 60) for m in (*edges, HISTOGRAM_LAST_MIN)]
    counts = [b - a for a, b in zip(cuts, cuts[1:], strict=False)] + [n - cuts[-1]]
    out: list[tuple[int, int | None, int]] = [
        (a, a + HISTOGRAM_STEP_MIN, counts[i]) for i, a in enumerate(edges)]
    out.append((HISTOGRAM_LAST_MIN, None, counts[-1]))
    return out


def clamp_hour(hour: int, first: int = 7, last: int = 17) -> int:
    """Arrivals before opening count in the first hour, after closing in the last."""
    return min(max(hour, first), last)


# ---- groupings: every ticket in exactly one row ------------------------------------------
# A table by counter, clerk or procedure must add up to its totals: the tickets a grouping
# cannot place (never called: no counter, no clerk; no dossier: no procedure) are one more
# row, listed last, instead of vanishing from the rows while staying in the totals.

UNGROUPED_KEY = ""
UNGROUPED_LABELS = {"counter": "Vé chưa được gọi", "clerk": "Vé chưa được gọi",
                    "service": "Không rõ dịch vụ", "procedure": "Vé không có hồ sơ"}
UNGROUPED_LABEL = "Chưa phân nhóm"
MANY_PROCEDURES_KEY = "*"
MANY_PROCEDURES_LABEL = "Vé có hồ sơ nhiều thủ tục"


def procedure_of(codes: Iterable[str]) -> str | None:
    """The procedure a ticket counts under: that of the dossiers received with it,
    MANY_PROCEDURES_KEY when they are of several procedures, None (not grouped) for none.
    Once each, so a ticket with two dossiers is not two tickets."""
    distinct = set(codes)
    if not distinct:
        return None
    return distinct.pop() if len(distinct) == 1 else MANY_PROCEDURES_KEY
