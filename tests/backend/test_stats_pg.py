"""The same generated week on PostgreSQL and on SQLite gives the same statistics."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

UNTIL = date(2026, 11, 13)
NOW = datetime(2026, 11, 16, 3, 0, tzinfo=UTC)


def _report(url: str, by: str, now: datetime = NOW) -> dict:
    from backend.db import Database
    from backend.stats import report

    db = Database(url)
    try:
        a = report.build(db, 1, date(2026, 11, 9), UNTIL, by, now=now)
    finally:
        db.dispose()
    a.pop("generated_at")
    return a


@pytest.mark.e2e
def test_postgres_and_sqlite_agree(postgres_url, tmp_path):
    from backend.demo_history import generate

    sqlite_url = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    for url in (postgres_url, sqlite_url):
        out = generate(url, days=7, counters=4, seed=5, until=UNTIL, now=NOW)
        assert out["open_days"] == 5
    for by in ("counter", "clerk", "procedure", "day", "month"):
        assert _report(postgres_url, by) == _report(sqlite_url, by), by
    # The last day live, from its events (each database's own reading of them).
    evening = datetime(2026, 11, 13, 11, 0, tzinfo=UTC)  # 18:00 office time
    for by in ("counter", "clerk", "hour"):
        live = _report(postgres_url, by, evening)
        assert live == _report(sqlite_url, by, evening), by
        assert live["totals"]["issued"] > 0
