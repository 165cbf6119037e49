"""Closed days' figures, stored once (stats_ticket_facts, stats_counter_days, stats_days).

A day is stored the first time a range asks for it after it ended (office-local), or by
the history generator. Events are assumed final once their day is over: the queue works
on today's tickets only. `forget` drops stored days (for a correction made by hand).
"""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import delete, insert, select

from backend import clock, models
from backend.db import Database
from backend.stats import pack, rawsql
from backend.stats.facts import Fact, events_of, facts_of, idle_of
from backend.stats.models import CounterDay, StatsDay, TicketFact
from counter_app.domain.calendar import DEFAULT_OFFICE_HOURS

CHUNK_DAYS = 10


def sessions_of(office: models.Office) -> list[tuple[time, time]]:
    hours = getattr(office, "office_hours", None)
    if hours:
        try:
            return [(time.fromisoformat(a), time.fromisoformat(b)) for a, b in hours]
        except (TypeError, ValueError):
            pass
    return list(DEFAULT_OFFICE_HOURS)


def days_with_tickets(s, office_id: int, first: date, last: date) -> list[date]:
    """From the daily number counters (a few rows a day), not from a million events."""
    TS, S = models.TicketSequence, models.Service
    return sorted(set(s.scalars(select(TS.day).join(S, S.id == TS.service_id).where(
        S.office_id == office_id, TS.day >= first, TS.day <= last))))


def missing_days(s, office_id: int, first: date, last: date) -> list[date]:
    stored = set(s.scalars(select(StatsDay.day).where(
        StatsDay.office_id == office_id, StatsDay.day >= first, StatsDay.day <= last,
        StatsDay.pack.is_not(None))))
    return [d for d in days_with_tickets(s, office_id, first, last) if d not in stored]


def fact_row(office_id: int, f: Fact) -> dict:
    return {"ticket_id": f.ticket_id, "office_id": office_id, "day": f.day,
            "month": f.day.year * 100 + f.day.month, "weekday": f.issued.weekday(),
            "hour": f.issued.hour, "service_id": f.service_id, "counter_no": f.counter_no,
            "clerk_id": f.clerk_id, "outcome": f.outcome, "called": f.called,
            "transferred": f.transferred, "waiting": f.waiting, "walk": f.walk,
            "service": f.service, "on_site": f.on_site}


def store_days(db: Database, office_id: int, days: list[date]) -> int:
    """Compute and keep the given closed days; returns how many tickets were stored."""
    stored = 0
    for i in range(0, len(days), CHUNK_DAYS):
        chunk = days[i:i + CHUNK_DAYS]
        with db.read() as s:
            office = s.get_one(models.Office, office_id)
            sessions = sessions_of(office)
            by_day = {d: events_of(s, office_id, d) for d in chunk}
        facts, idle, marks = [], [], []
        now = clock.utc_now()
        for d, day_rows in by_day.items():
            day_facts = list(facts_of(day_rows, d))
            facts += [fact_row(office_id, f) for f in day_facts]
            idle += [{"office_id": office_id, "day": d, "counter_no": no, "idle_s": v}
                     for no, v in idle_of(day_rows, d, sessions).items()]
            marks.append({"office_id": office_id, "day": d, "tickets": len(day_facts),
                          "computed_at": now, "pack": pack.encode(day_facts)})
        with db.write() as s:
            # Another request may have stored some of these meanwhile: theirs are equal.
            s.execute(delete(TicketFact).where(TicketFact.office_id == office_id,
                                               TicketFact.day.in_(chunk)))
            s.execute(delete(CounterDay).where(CounterDay.office_id == office_id,
                                               CounterDay.day.in_(chunk)))
            s.execute(delete(StatsDay).where(StatsDay.office_id == office_id,
                                             StatsDay.day.in_(chunk)))
            for table, batch in ((TicketFact, facts), (CounterDay, idle), (StatsDay, marks)):
                if batch:
                    s.execute(insert(table), batch)
        stored += len(facts)
    return stored


_PACKS_SQL = ("SELECT day, pack FROM stats_days WHERE office_id = ? AND day >= ? AND day <= ? "
              "AND pack IS NOT NULL ORDER BY day")


def packs(s, office_id: int, first: date, last: date) -> list[tuple[date, bytes]]:
    """Stored closed days of the range (after `ensure`), oldest first."""
    # Plain DB-API (rawsql.py): PostgreSQL's binary results carry a year's 11 MB of packs
    # as they are, not as hex text to decode (35 -> 10 ms).
    rows = rawsql.fetch(s, _PACKS_SQL, (office_id, first.isoformat(), last.isoformat()))
    return [(date.fromisoformat(d) if isinstance(d, str) else d, bytes(b)) for d, b in rows]


def forget(db: Database, office_id: int, first: date, last: date) -> None:
    with db.write() as s:
        for table in (TicketFact, CounterDay, StatsDay):
            s.execute(delete(table).where(table.office_id == office_id, table.day >= first,
                                          table.day <= last))


def ensure(db: Database, office_id: int, first: date, last: date, today: date) -> None:
    """Store every closed day of the range not stored yet."""
    last_closed = min(last, today - timedelta(days=1))
    if last_closed < first:
        return
    with db.read() as s:
        days = missing_days(s, office_id, first, last_closed)
    if days:
        store_days(db, office_id, days)
