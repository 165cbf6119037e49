"""Every grouping's rows add up to the totals, over real HTTP, on generated days
(tests/backend/stats_seed.py: no-shows, tickets cancelled never called, transfers, tickets
without a dossier). What a grouping cannot place is one explicit row (key ""), last."""

from __future__ import annotations

import pytest

from tests.backend.stats_seed import GEN_FIRST, GEN_LAST, GEN_MONDAY, generate_days

COUNTS = ("issued", "called", "served", "no_show", "cancelled", "transferred", "over_target")
DURATIONS = ("waiting", "walk", "service", "on_site")
GROUPS = ("counter", "clerk", "service", "procedure", "hour", "day", "month")


def assert_adds_up(a: dict, by: str) -> None:
    t, rows = a["totals"], a["by"]
    assert t["issued"] > 0
    for k in COUNTS:
        assert sum(g[k] for g in rows) == t[k], (by, k)
    for k in DURATIONS:
        assert sum(g[k]["count"] for g in rows) == t[k]["count"], (by, k)
        # The same tickets: the rows' means weighted by their counts give the total mean
        # (each mean is rounded to 0.1 s in the answer).
        weighted = sum(g[k]["mean_s"] * g[k]["count"] for g in rows if g[k]["count"])
        assert weighted / t[k]["count"] == pytest.approx(t[k]["mean_s"], abs=0.1), (by, k)
    assert [g["key"] for g in rows].count("") <= 1
    assert all(g["key"] != "" for g in rows[:-1]), "the row not grouped comes last"


@pytest.fixture(scope="module")
def supervisor(tmp_path_factory):
    from counter_app.embedded import EmbeddedBackend
    from tests.backend.conftest import Api

    data = tmp_path_factory.mktemp("sums")
    generate_days(data / "backend.sqlite3")
    backend = EmbeddedBackend(data, demo=True)
    backend.start(timeout=30)
    try:
        with Api(backend).as_user("giamsat") as c:
            yield c
    finally:
        backend.stop()


def get(client, by, first, last):
    r = client.get("/stats", params={"from": first.isoformat(), "to": last.isoformat(),
                                     "by": by})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize("by", GROUPS)
@pytest.mark.parametrize("days", ["monday", "range"])
def test_rows_add_up_to_the_totals(supervisor, by, days):
    first, last = (GEN_MONDAY, GEN_MONDAY) if days == "monday" else (GEN_FIRST, GEN_LAST)
    assert_adds_up(get(supervisor, by, first, last), by)


def test_the_day_has_what_does_not_group(supervisor):
    """The Monday itself: if these were missing the sums above would prove little."""
    t = get(supervisor, "counter", GEN_MONDAY, GEN_MONDAY)["totals"]
    assert t["no_show"] > 10 and t["transferred"] > 0
    assert t["issued"] > t["called"]  # cancelled at closing, never called
    assert t["cancelled"] > 0


@pytest.mark.parametrize("by", ["counter", "clerk"])
def test_tickets_never_called_are_one_visible_row(supervisor, by):
    a = get(supervisor, by, GEN_MONDAY, GEN_MONDAY)
    t, rest = a["totals"], a["by"][-1]
    assert (rest["key"], rest["label"]) == ("", "Vé chưa được gọi")
    assert rest["issued"] == t["issued"] - t["called"] and rest["called"] == 0
    assert rest["served"] == rest["no_show"] == 0 and rest["cancelled"] > 0
    assert rest["idle_s"] is None  # not a counter


def test_tickets_without_a_dossier_are_one_visible_row(supervisor):
    a = get(supervisor, "procedure", GEN_MONDAY, GEN_MONDAY)
    t, rest = a["totals"], a["by"][-1]
    assert (rest["key"], rest["label"]) == ("", "Vé không có hồ sơ")
    # Absent and cancelled tickets never got a dossier: all of them are here.
    assert (rest["no_show"], rest["cancelled"]) == (t["no_show"], t["cancelled"])
    assert 0 < rest["served"] < t["served"]  # returns of results, advice: no new dossier
    assert sum(g["issued"] for g in a["by"][:-1]) == a["dossiers"]["received"]


def test_a_live_afternoon_adds_up_with_those_still_waiting(tmp_path):
    """Today is read from its events (not the stored rows): at 14:30 on the Monday some
    tickets wait, never called yet; they are in the row not grouped, not lost."""
    from datetime import UTC, datetime, time

    from backend.db import Database
    from backend.stats import report
    from counter_app.domain.calendar import OFFICE_TZ

    now = datetime.combine(GEN_MONDAY, time(14, 30), tzinfo=OFFICE_TZ).astimezone(UTC)
    generate_days(tmp_path / "live.sqlite3", until=GEN_MONDAY, days=1, now=now)
    db = Database(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    try:
        for by in GROUPS:
            assert_adds_up(report.build(db, 1, GEN_MONDAY, GEN_MONDAY, by, now=now), by)
        t, rest = (lambda a: (a["totals"], a["by"][-1]))(
            report.build(db, 1, GEN_MONDAY, GEN_MONDAY, "counter", now=now))
        waiting = t["issued"] - t["served"] - t["no_show"] - t["cancelled"]
        assert rest["key"] == "" and rest["issued"] >= waiting - 5 > 0  # ≤ 5 being served
    finally:
        db.dispose()


def test_a_ticket_with_dossiers_of_two_procedures_counts_once(tmp_path):
    """On the hand-computed day T1 (1.001193) also gets a 1.003003 dossier and T5 a second
    1.001193 one: T1 moves to the row of several procedures, T5 stays one ticket."""
    from datetime import timedelta

    from sqlalchemy import select

    from backend import models
    from backend.db import Database
    from backend.stats import report
    from tests.backend.stats_seed import D, seed

    ids = seed(tmp_path / "s.sqlite3")
    db = Database(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        with db.write() as s:
            for n, (tk, code) in enumerate((("T1", "1.003003"), ("T5", "1.001193")), start=5):
                first = s.scalar(select(models.Dossier).where(
                    models.Dossier.ticket_id == ids[tk]))
                s.add(models.Dossier(
                    office_id=first.office_id, code=f"{first.code[:-4]}{n:04d}", ledger_no=n,
                    tracking_token=f"two-{n}", idempotency_key=f"two-{n}",
                    request_hash="0" * 64, status="received",
                    received_at=first.received_at + timedelta(minutes=1), due_at=first.due_at,
                    procedure_code=code, applicant={"full_name": "Nguyễn Văn A"},
                    documents=[], sets=1, result_delivery="counter", fee=0,
                    identity_outcome="verified", received_by_id=first.received_by_id,
                    ticket_id=ids[tk]))
        a = report.build(db, 1, D, D, "procedure")
        assert_adds_up(a, "procedure")
        assert [(g["key"], g["issued"]) for g in a["by"]] == [
            ("1.000894", 1), ("1.001193", 1), ("1.003003", 1), ("*", 1), ("", 3)]
        assert [g["label"] for g in a["by"][-2:]] == ["Vé có hồ sơ nhiều thủ tục",
                                                       "Vé không có hồ sơ"]
    finally:
        db.dispose()
