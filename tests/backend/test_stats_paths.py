"""Today's figures (computed from events) equal the stored ones of a closed day, and the
history generator's output holds together. In-process: no HTTP needed for that."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select, update

from counter_app.domain.calendar import OFFICE_TZ
from tests.backend.stats_seed import D, seed


def test_live_day_equals_stored_day(tmp_path):
    from backend.db import Database
    from backend.stats import report
    from backend.stats.models import StatsDay

    seed(tmp_path / "s.sqlite3")
    db = Database(f"sqlite:///{tmp_path / 's.sqlite3'}")
    evening = datetime.combine(D, time(18, 0), tzinfo=OFFICE_TZ).astimezone(UTC)
    for by in ("counter", "clerk", "service", "procedure", "hour", "day", "month"):
        live = report.build(db, 1, D, D, by, now=evening)  # D is "today": from events
        stored = report.build(db, 1, D, D, by, now=evening + timedelta(days=1))
        for a in (live, stored):
            a.pop("generated_at")
            a["dossiers"].pop("due_today"), a["dossiers"].pop("overdue")
        assert live == stored, by
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(StatsDay)) == 1
    db.dispose()


def test_today_only_counts_up_to_now(tmp_path):
    from backend.db import Database
    from backend.stats import report

    seed(tmp_path / "s.sqlite3")
    db = Database(f"sqlite:///{tmp_path / 's.sqlite3'}")
    midday = datetime.combine(D, time(12, 0), tzinfo=OFFICE_TZ).astimezone(UTC)
    a = report.build(db, 1, D, D, "counter", now=midday)
    c1 = next(g for g in a["by"] if g["key"] == "1")
    # open 07:00-11:30 by noon = 270 min, paused 30, served T1 15 min
    assert c1["idle_s"] == (270 - 30 - 15) * 60
    db.dispose()


def test_generated_history_is_consistent(tmp_path):
    from backend import demo_history, models
    from backend.db import Database
    from backend.stats import report
    from backend.stats.models import Rating, StatsDay, TicketFact

    path = tmp_path / "h.sqlite3"
    until = datetime(2026, 11, 13, tzinfo=UTC).date()  # a Friday
    out = demo_history.generate(str(path), days=14, counters=5, seed=3, until=until)
    assert out["open_days"] == 10 and out["tickets"] > 2500
    db = Database(f"sqlite:///{path}")
    with db.read() as s:
        days = list(s.scalars(select(StatsDay.day)))
        assert len(days) == 10 and all(d.weekday() < 5 for d in days)
        assert s.scalar(select(func.count()).select_from(TicketFact)) == out["tickets"]
        assert s.scalar(select(func.count()).select_from(Rating)) == out["ticket_ratings"]
        numbers = s.execute(select(models.Ticket.day, models.Ticket.number)).all()
        assert len(set(numbers)) == len(numbers)
    a = report.build(db, 1, until - timedelta(days=13), until, "hour")
    t = a["totals"]
    assert t["issued"] == out["tickets"]
    assert 0.045 <= t["no_show"] / t["issued"] <= 0.085
    assert t["served"] / t["issued"] > 0.85 and t["transferred"] > 0
    by_hour = {g["key"]: g["issued"] for g in a["by"]}
    assert by_hour["09"] > by_hour["12" if "12" in by_hour else "11"]
    assert by_hour["14"] > by_hour["16"]
    monday = sum(c["count"] for c in a["hourly_arrivals"] if c["weekday"] == 0)
    thursday = sum(c["count"] for c in a["hourly_arrivals"] if c["weekday"] == 3)
    assert monday > thursday
    assert 0.6 < (a["dossiers"]["on_time_rate"] or 0) < 1
    assert a["dossiers"]["supplements"] > 0 and a["dossiers"]["refusals"] > 0
    sat = a["satisfaction"]
    assert sat["very_satisfied"] > sat["satisfied"] > sat["not_satisfied"] > 0
    _packed_days_agree_with_ticket_rows(db, until - timedelta(days=13), until, a)
    db.dispose()
    assert demo_history.main(["--database", str(path), "--days", "3"]) == 1  # refuses twice


def _packed_days_agree_with_ticket_rows(db, first, last, by_hour) -> None:
    """By day and by month read one packed row per closed day; by hour reads the ticket
    rows. Same tickets, same figures, to the last count and tenth of a second."""
    from backend.stats import report
    from backend.stats.models import StatsDay

    by_month = report.build(db, 1, first, last, "month")
    by_day = report.build(db, 1, first, last, "day")
    for a in (by_month, by_day):
        for k in ("totals", "hourly_arrivals", "waiting_histogram"):
            assert a[k] == by_hour[k], k
    assert sum(g["issued"] for g in by_month["by"]) == by_hour["totals"]["issued"]
    for g in by_day["by"]:
        day = date.fromisoformat(g["key"])
        alone = report.build(db, 1, day, day, "hour")["totals"]
        assert {k: v for k, v in g.items() if k not in ("key", "label")} == alone
    # A day stored before packs existed (revision 0004) is recomputed, not skipped.
    with db.write() as s:
        s.execute(update(StatsDay).values(pack=None))
    assert report.build(db, 1, first, last, "month")["totals"] == by_hour["totals"]
