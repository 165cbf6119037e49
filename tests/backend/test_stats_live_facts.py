"""A generated day read the fast way (backend/stats/facts.py: raw rows in index order,
grouped in Python, times converted by hand) gives the figures of the plain reading: each
ticket's events through the ORM, by ticket, into counter_app/domain/stats.py. And each
day's figures computed live from its events equal those stored for it, by every grouping."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from counter_app.domain.calendar import OFFICE_TZ

UNTIL = date(2026, 11, 13)  # a Friday
DAYS = 3


def _generated(tmp_path):
    from backend import demo_history
    from backend.db import Database

    path = tmp_path / "h.sqlite3"
    out = demo_history.generate(str(path), days=DAYS, counters=4, seed=11, until=UNTIL)
    assert out["open_days"] == DAYS and out["tickets"] > 500
    return Database(f"sqlite:///{path}")


def _plain_facts(s, day: date) -> list:
    from backend import models
    from backend.stats.facts import Fact
    from counter_app.domain.stats import Event, ticket_times

    E = models.TicketEvent
    events = s.scalars(select(E).where(E.office_id == 1, E.day == day,
                                       E.ticket_id.is_not(None))
                       .order_by(E.ticket_id, E.id)).all()
    out = []
    for tid, group in itertools.groupby(events, key=lambda e: e.ticket_id):
        group = list(group)
        tt = ticket_times([Event("issued" if e.type == "ticket_issued" else e.type, e.at,
                                 e.counter_no) for e in group])
        calls = [e for e in group if e.type == "called"]
        last = calls[-1] if calls else None
        seconds = [None if v is None else v.total_seconds()
                   for v in (tt.waiting, tt.walk, tt.service, tt.on_site)]
        out.append(Fact(tid, day, group[0].at.astimezone(OFFICE_TZ), group[0].service_id,
                        last.counter_no if last else None, last.user_id if last else None,
                        tt.outcome, last is not None, tt.transferred, *seconds))
    return out


def test_fast_reading_equals_the_plain_reading(tmp_path):
    from backend.stats.facts import events_of, facts_of

    db = _generated(tmp_path)
    kinds = set()
    with db.read() as s:
        for back in range(DAYS):
            day = UNTIL - timedelta(days=back)
            rows = events_of(s, 1, day)
            kinds |= {r[1] for r in rows}
            fast = list(facts_of(rows, day))
            assert len(fast) > 100
            assert fast == _plain_facts(s, day), day
    # The history has what makes the definitions differ: recalls, no-shows and returns,
    # transfers between services.
    assert {"recalled", "no_show", "returned", "transferred", "finished"} <= kinds
    db.dispose()


def test_every_day_live_equals_stored(tmp_path):
    from backend.stats import report

    db = _generated(tmp_path)
    for back in range(DAYS):
        day = UNTIL - timedelta(days=back)
        evening = datetime.combine(day, time(18, 0), tzinfo=OFFICE_TZ).astimezone(UTC)
        for by in report.GROUPS:
            live = report.build(db, 1, day, day, by, now=evening)
            stored = report.build(db, 1, day, day, by, now=evening + timedelta(days=1))
            for a in (live, stored):
                a.pop("generated_at")
                for snapshot in ("due_today", "overdue"):  # of now, not of the day
                    a["dossiers"].pop(snapshot)
            assert live["totals"]["issued"] > 100
            assert live == stored, (day, by)
    db.dispose()
