"""The answer of GET /api/v1/stats (docs/api-stats.md) for one office and a range of days.

Closed days come from the stored per-ticket figures (backend/stats/store.py), today from
its events; both are counter_app/domain/stats.py's definitions. Seconds are rounded to
0.1 s in the answer; counts are exact.

Block fields: issued = tickets issued; called = tickets called at least once; served /
no_show / cancelled = tickets whose last step was finish / no-show / cancel (still waiting
or being served: only in issued); transferred = tickets transferred at least once;
over_target = waiting > the waiting target (default 20 minutes, `target_min` changes it);
idle_s = counters only: office hours minus pauses minus serving time, summed over days.
Every ticket is in exactly one row, so the rows add up to the totals: those a grouping
cannot place (never called: no counter or clerk; no dossier: no procedure) are a last row
with key "" (counter_app/domain/stats.py: UNGROUPED_*).

Dossier figures of the range (office-local days): received (by procedure and field),
supplement requests (form 02) and refusals (form 03) made, results returned and of those
returned on time (returned_at ≤ due_at). due_today and overdue are a snapshot of now,
whatever the range: dossiers still being processed (received, processing, waiting for a
supplement) due today / already past due.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from backend import clock, models
from backend.db import Database
from backend.stats import pack, rawsql, runs, store
from backend.stats.digitisation import digitisation
from backend.stats.facts import Fact, events_of, facts_of, idle_of
from backend.stats.models import CounterDay, Rating
from backend.stats.online_assist import online_assist
from backend.stats.received import Received, received
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.stats import (
    MANY_PROCEDURES_KEY,
    MANY_PROCEDURES_LABEL,
    UNGROUPED_KEY,
    UNGROUPED_LABEL,
    UNGROUPED_LABELS,
    clamp_hour,
    procedure_of,
    waiting_histogram_of,
)

GROUPS = ("counter", "clerk", "service", "procedure", "hour", "day", "month")
DEFAULT_TARGET_MIN = 20
LEVELS = ("very_satisfied", "satisfied", "not_satisfied")
OPEN_DOSSIER = ("received", "processing", "needs_supplement")
HOURS = range(7, 18)

# Row layout shared by stored and live figures.
W, H, OUT, CALLED, TRANSF, WAIT, WALK, SERV, SITE, KEY, TID = range(11)


_LIVE_KEYS: dict[str, Callable[[Fact], Any]] = {
    "counter": operator.attrgetter("counter_no"), "clerk": operator.attrgetter("clerk_id"),
    "service": operator.attrgetter("service_id"), "hour": lambda f: f.issued.hour,
    "day": operator.attrgetter("day"), "month": lambda f: f.day.year * 100 + f.day.month,
    "procedure": operator.attrgetter("ticket_id")}


def _live_row(f: Fact, key: Callable[[Fact], Any]) -> tuple:
    return (f.issued.weekday(), f.issued.hour, f.outcome, f.called, f.transferred,
            f.waiting, f.walk, f.service, f.on_site, key(f), f.ticket_id)


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 1)


def _present(values: Iterable[float | None]) -> list[float]:
    return sorted([v for v in values if v is not None])


class Part:
    """One group's tickets as columns: counts, and each duration's values as sorted runs.

    A year is 384k rows: columns (zip) and sorted lists keep the work in C. Groups and
    totals keep their parts' runs side by side (backend/stats/runs.py): a year by month is
    365 stored days' runs, never merged into one sorted list.
    """

    def __init__(self, rows: Sequence[tuple] = ()) -> None:
        cols = list(zip(*rows, strict=False)) if rows else [()] * 11
        self.n = len(rows)
        self.outcomes: Counter[str] = Counter(cols[OUT])
        self.called = sum(map(bool, cols[CALLED]))
        self.transferred = sum(map(bool, cols[TRANSF]))
        self.runs: list[list[runs.Run]] = [[_present(cols[i])] for i in (WAIT, WALK, SERV, SITE)]
        self.cells = Counter(zip(cols[W], cols[H], strict=False))

    @classmethod
    def merged(cls, parts: Sequence[Part]) -> Part:
        out = cls()
        for p in parts:
            out.n += p.n
            out.outcomes.update(p.outcomes)
            out.called += p.called
            out.transferred += p.transferred
            out.cells.update(p.cells)
        out.runs = [runs.compact([r for p in parts for r in p.runs[i] if len(r)])
                    for i in range(4)]
        return out

    @classmethod
    def from_pack(cls, day: pack.DayPack) -> Part:
        out = cls()
        c = day.counts
        out.n, out.called, out.transferred = c["issued"], c["called"], c["transferred"]
        out.outcomes = Counter({k: c[k] for k in ("served", "no_show", "cancelled")})
        out.cells = Counter(day.cells)
        out.runs = [[v] for v in day.values]
        return out

    def block(self, target_s: float, idle_s: float | None = None) -> dict:
        waits = self.runs[0]
        return {
            "issued": self.n, "called": self.called, "served": self.outcomes["served"],
            "no_show": self.outcomes["no_show"], "cancelled": self.outcomes["cancelled"],
            "transferred": self.transferred, "waiting": _summary(waits),
            "walk": _summary(self.runs[1]), "service": _summary(self.runs[2]),
            "on_site": _summary(self.runs[3]), "over_target": runs.above(waits, target_s),
            "idle_s": None if idle_s is None else round(idle_s),
        }


def _summary(values: list[runs.Run]) -> dict[str, Any]:
    # counter_app/domain/stats.py summarise_sorted's figures (mean = exact sum / count,
    # nearest-rank p90) over the runs as if merged.
    n = runs.count(values)
    if not n:
        return {"count": 0, "mean_s": None, "p90_s": None}
    return {"count": n, "mean_s": _r(runs.total(values) / n), "p90_s": _r(runs.p90(values))}


def block(rows: Sequence[tuple], target_s: float, idle_s: float | None = None) -> dict:
    return Part(rows).block(target_s, idle_s)


def _natural(key: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", key)]


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time(0), tzinfo=OFFICE_TZ).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=OFFICE_TZ).astimezone(UTC)
    return start, end


_FACTS_SQL = ("SELECT weekday, hour, outcome, called, transferred, waiting, walk, service, "
              "on_site, {key}, ticket_id FROM stats_ticket_facts WHERE office_id = ? "
              "AND day >= ? AND day <= ? ORDER BY {key}")


_fetch = rawsql.fetch

_KEYS = {"counter": "counter_no", "clerk": "clerk_id", "service": "service_id",
         "hour": "hour", "day": "day", "month": "month", "procedure": "ticket_id"}


def build(db: Database, office_id: int, first: date, last: date, by: str,
          target_min: float = DEFAULT_TARGET_MIN, now: datetime | None = None) -> dict:
    now = now or clock.utc_now()
    today = now.astimezone(OFFICE_TZ).date()
    target_s = target_min * 60
    store.ensure(db, office_id, first, last, today)
    last_closed = min(last, today - timedelta(days=1))
    with db.read() as s:
        office = s.get_one(models.Office, office_id)
        # Stored rows, grouped by the database (ORDER BY the key): plain text SQL, so no
        # type processing per value; live rows (today) join their groups afterwards.
        members: dict[Any, list[tuple]] = {}
        packed: dict[Any, list[Part]] = defaultdict(list)
        if first <= last_closed and by in ("day", "month"):
            # No per-ticket grouping needed: each closed day is one packed row.
            for day, blob in store.packs(s, office_id, first, last_closed):
                key = day if by == "day" else day.year * 100 + day.month
                packed[key].append(Part.from_pack(pack.decode(blob)))
        elif first <= last_closed:
            result = _fetch(s, _FACTS_SQL.format(key=_KEYS[by]),
                            (office_id, first.isoformat(), last_closed.isoformat()))
            for key, group in itertools.groupby(result, key=operator.itemgetter(KEY)):
                if isinstance(key, str) and by == "day":
                    key = date.fromisoformat(key)
                members.setdefault(key, []).extend(group)
        idle: dict[int, float] = defaultdict(float)
        if by == "counter" and first <= last_closed:
            for no, v in s.execute(select(CounterDay.counter_no, func.sum(CounterDay.idle_s))
                                   .where(CounterDay.office_id == office_id,
                                          CounterDay.day >= first, CounterDay.day <= last_closed)
                                   .group_by(CounterDay.counter_no)):
                idle[no] += float(v)
        if first <= today <= last:
            ev = events_of(s, office_id, today)
            key_of = _LIVE_KEYS[by]
            for f in facts_of(ev, today):
                row = _live_row(f, key_of)
                members.setdefault(row[KEY], []).append(row)
            if by == "counter":
                for no, v in idle_of(ev, today, store.sessions_of(office), now).items():
                    idle[no] += v
        if by == "procedure":
            # Members are keyed by ticket (a month: ~20k one-ticket groups), regrouped by
            # procedure below; the totals are all of them at once.
            total = Part([r for rows in members.values() for r in rows])
            parts = _by_procedure(s, office_id, members, first, last)
        else:
            parts = {k: Part(rows) for k, rows in members.items()}
            for k, days in packed.items():
                parts[k] = Part.merged(days + [parts[k]] if k in parts else days)
            total = Part.merged(list(parts.values()))
        labels = _labels(s, office_id, by, [k for k in parts if k is not None])
        groups = sorted(((raw, key_s, label, parts[raw])
                         for raw, (key_s, label) in labels.items()),
                        key=lambda g: (g[0] == MANY_PROCEDURES_KEY, _natural(g[1])))
        if None in parts:
            groups.append((None, UNGROUPED_KEY, UNGROUPED_LABELS.get(by, UNGROUPED_LABEL),
                           parts[None]))
        received_in = received(s, office_id, *_bounds(first, last))
        answer = {
            "from": first.isoformat(), "to": last.isoformat(),
            "generated_at": now.astimezone(OFFICE_TZ).isoformat(timespec="seconds"),
            "waiting_target_s": target_s,
            "totals": total.block(target_s),
            "by": [{"key": key, "label": label, **part.block(
                        target_s, idle.get(raw, 0.0) if by == "counter" and raw is not None
                        else None)}
                   for raw, key, label, part in groups],
            "hourly_arrivals": _heatmap(total.cells),
            "waiting_histogram": [{"from_min": a, "to_min": b, "count": c}
                                  for a, b, c in waiting_histogram_of(
                                      lambda s: runs.below(total.runs[0], s),
                                      runs.count(total.runs[0]))],
            "dossiers": _dossiers(s, office_id, first, last, now, received_in),
            "satisfaction": _satisfaction(s, office_id, first, last),
            "digitisation": digitisation(s, office_id, *_bounds(first, last), received_in),
            "online_assist": online_assist(s, office_id, first, last),
        }
    return answer


def _heatmap(cells: Counter) -> list[dict]:
    counts: Counter[tuple[int, int]] = Counter()
    for (wd, h), n in cells.items():
        counts[(wd, clamp_hour(h))] += n
    return [{"weekday": wd, "hour": h, "count": counts[(wd, h)]}
            for wd in range(7) for h in HOURS]


def _by_procedure(s, office_id: int, members: dict[Any, list[tuple]], first: date,
                  last: date) -> dict[Any, Part]:
    """A ticket counts once, under the procedure of the dossiers received with it
    (domain procedure_of): several procedures in one row of their own, none under None."""
    start, end = _bounds(first, last)
    D = models.Dossier
    links: dict[int, set[str]] = defaultdict(set)
    for tid, code in s.execute(select(D.ticket_id, D.procedure_code).where(
            D.office_id == office_id, D.ticket_id.is_not(None), D.received_at >= start,
            D.received_at < end)):
        links[tid].add(code)
    rows: dict[str | None, list[tuple]] = defaultdict(list)
    for group in members.values():
        for r in group:
            rows[procedure_of(links.get(r[TID], ()))].append(r)
    return {code: Part(r) for code, r in rows.items()}


def _labels(s, office_id: int, by: str, keys: list) -> dict[Any, tuple[str, str]]:
    if by == "counter":
        names = dict(s.execute(select(models.Counter.number, models.Counter.name).where(
            models.Counter.office_id == office_id)).all())
        return {k: (str(k), names.get(k) or f"Quầy {k}") for k in keys}
    if by == "clerk":
        users = {u.id: u for u in s.scalars(select(models.User).where(
            models.User.id.in_(keys)))} if keys else {}
        return {k: (users[k].username, users[k].full_name) if k in users else
                (str(k), f"Tài khoản {k}") for k in keys}
    if by == "service":
        svcs = {sv.id: sv for sv in s.scalars(select(models.Service).where(
            models.Service.office_id == office_id))}
        return {k: (svcs[k].code, svcs[k].name) if k in svcs else (str(k), str(k)) for k in keys}
    if by == "procedure":
        names = dict(s.execute(select(models.Procedure.code, models.Procedure.name).where(
            models.Procedure.code.in_(keys))).all()) if keys else {}
        names[MANY_PROCEDURES_KEY] = MANY_PROCEDURES_LABEL
        return {k: (k, names.get(k, k)) for k in keys}
    if by == "hour":
        return {k: (f"{k:02d}", f"{k:02d}:00–{k + 1:02d}:00") for k in keys}
    if by == "day":
        return {k: (k.isoformat(), f"{k:%d/%m/%Y}") for k in keys}
    return {k: (f"{k // 100}-{k % 100:02d}", f"{k % 100:02d}/{k // 100}") for k in keys}


def _dossiers(s, office_id: int, first: date, last: date, now: datetime,
              dossiers: Received) -> dict:
    D, F = models.Dossier, models.FormRecord
    start, end = _bounds(first, last)
    by_proc = [(p.code, p.name, p.field, dossiers.by_procedure[p.code][0])
               for p in dossiers.procedures.values()]
    fields: dict[str, int] = defaultdict(int)
    for _code, _name, field, n in by_proc:
        fields[field] += n
    forms = dict(s.execute(select(F.kind, func.count(F.id)).where(
        F.office_id == office_id, F.day >= first, F.day <= last).group_by(F.kind)).all())
    returned, on_time = s.execute(select(
        func.count(D.id), func.count(D.id).filter(D.returned_at <= D.due_at)).where(
        D.office_id == office_id, D.returned_at >= start, D.returned_at < end)).one()
    today = now.astimezone(OFFICE_TZ).date()
    t0, t1 = _bounds(today, today)
    due_today, overdue = s.execute(select(
        func.count(D.id).filter(D.due_at >= t0), func.count(D.id).filter(D.due_at < now))
        .where(D.office_id == office_id, D.status.in_(OPEN_DOSSIER), D.due_at < t1)).one()
    return {
        "received": sum(n for *_x, n in by_proc),
        "supplements": forms.get("BS", 0), "refusals": forms.get("TC", 0),
        "due_today": due_today, "overdue": overdue, "returned": returned,
        "returned_on_time": on_time,
        "on_time_rate": round(on_time / returned, 4) if returned else None,
        "by_procedure": [{"code": c, "name": n, "field": f, "received": k}
                         for c, n, f, k in by_proc],
        "by_field": [{"field": f, "received": k} for f, k in sorted(fields.items())],
    }


def _satisfaction(s, office_id: int, first: date, last: date) -> dict:
    where = (Rating.office_id == office_id, Rating.day >= first, Rating.day <= last)
    levels = dict(s.execute(select(Rating.level, func.count(Rating.id)).where(*where)
                            .group_by(Rating.level)).all())
    reasons = s.execute(select(Rating.reason, func.count(Rating.id)).where(
        *where, Rating.reason.is_not(None)).group_by(Rating.reason)
        .order_by(func.count(Rating.id).desc(), Rating.reason)).all()
    return {**{lv: levels.get(lv, 0) for lv in LEVELS},
            "reasons": [{"reason": r, "count": n} for r, n in reasons]}
