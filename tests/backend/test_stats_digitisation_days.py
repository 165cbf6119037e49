"""The digitisation indicators are counted by the database (backend/stats/digitisation.py):
each dossier falls on its office day, on SQLite and PostgreSQL alike, including the
minutes either side of the office's midnight (17:00 UTC)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

UNTIL = date(2026, 11, 13)
NOW = datetime(2026, 11, 16, 3, 0, tzinfo=UTC)


def _by_day_matches_each_dossiers_office_day(url: str) -> None:
    from backend import models
    from backend.db import Database
    from backend.demo_history import generate
    from backend.stats.digitisation import digitisation
    from counter_app.domain.calendar import OFFICE_TZ

    generate(url, days=3, counters=2, seed=3, until=UNTIL, now=NOW)
    D = models.Dossier
    db = Database(url)
    try:
        with db.write() as s:
            first, second = s.scalars(select(D).where(D.office_id == 1).order_by(D.id)
                                      .limit(2)).all()
            first.received_at = datetime(2026, 11, 11, 16, 59, 59, tzinfo=UTC)  # 23:59:59
            second.received_at = datetime(2026, 11, 11, 17, 0, 0, tzinfo=UTC)  # 00:00 next day
        start = datetime(2026, 11, 10, 17, tzinfo=UTC)
        end = start + timedelta(days=3)
        with db.read() as s:
            got = digitisation(s, 1, start, end)
            times = s.scalars(select(D.received_at).where(
                D.office_id == 1, D.received_at >= start, D.received_at < end)).all()
    finally:
        db.dispose()
    expected = Counter(t.astimezone(OFFICE_TZ).date().isoformat() for t in times)
    assert {d["day"]: d["dossiers"] for d in got["by_day"]} == dict(expected)
    assert got["dossiers"] == len(times) > 2
    assert expected["2026-11-11"] >= 1 and expected["2026-11-12"] >= 1


def test_sqlite(tmp_path):
    _by_day_matches_each_dossiers_office_day(f"sqlite:///{tmp_path / 'h.sqlite3'}")


@pytest.mark.e2e
def test_postgresql(postgres_url):
    _by_day_matches_each_dossiers_office_day(postgres_url)
