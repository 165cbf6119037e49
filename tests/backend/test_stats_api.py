"""GET /api/v1/stats over real HTTP on the hand-computed day of tests/backend/stats_seed.py,
and who may ask. Every figure below is worked out by hand in that file's docstring."""

from __future__ import annotations

import pytest

from tests.backend.stats_seed import D_PREV, D, seed

M = 60.0  # seconds in a minute


@pytest.fixture(scope="module")
def stats_api(tmp_path_factory):
    from counter_app.embedded import EmbeddedBackend
    from tests.backend.conftest import Api

    data = tmp_path_factory.mktemp("stats")
    ids = seed(data / "backend.sqlite3")
    backend = EmbeddedBackend(data, demo=True)
    backend.start(timeout=30)
    try:
        yield Api(backend), ids
    finally:
        backend.stop()


@pytest.fixture(scope="module")
def supervisor(stats_api):
    api, _ = stats_api
    with api.as_user("giamsat") as c:
        yield c


def get(client, by="counter", first=D, last=D, **extra):
    r = client.get("/stats", params={"from": first.isoformat(), "to": last.isoformat(),
                                     "by": by, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def summ(count, mean_min, p90_min):
    return {"count": count, "mean_s": None if mean_min is None else round(mean_min * M, 1),
            "p90_s": None if p90_min is None else p90_min * M}


def test_totals_of_the_day(supervisor):
    a = get(supervisor)
    assert (a["from"], a["to"], a["waiting_target_s"]) == ("2026-11-20", "2026-11-20", 1200)
    assert a["totals"] == {
        "issued": 7, "called": 6, "served": 5, "no_show": 1, "cancelled": 1, "transferred": 1,
        "waiting": summ(6, 213 / 6, 135),   # 12 40 20 5 135 1
        "walk": summ(5, 6 / 5, 2),          # 2 1 1 1 1
        "service": summ(5, 66 / 5, 18),     # 15 9 18 14 10
        "on_site": summ(7, 307 / 7, 150),   # 29 50 25 40 150 1 12
        "over_target": 2,                   # 40 and 135; 20 is on target
        "idle_s": None,
    }


def test_by_counter_with_idle_time(supervisor):
    by = {g["key"]: g for g in get(supervisor)["by"]}
    assert list(by) == ["1", "2", "3", ""]  # T6 was never called: no counter, its own row
    assert (by[""]["label"], by[""]["issued"], by[""]["cancelled"]) == ("Vé chưa được gọi", 1, 1)
    assert by[""]["idle_s"] is None
    c1, c2, c3 = by["1"], by["2"], by["3"]
    assert c1["label"] == "Quầy số 1"
    assert (c1["issued"], c1["called"], c1["served"], c1["no_show"], c1["transferred"]) == \
        (3, 3, 2, 1, 0)
    assert c1["waiting"] == summ(3, 167 / 3, 135) and c1["service"] == summ(2, 14.5, 15)
    assert c1["walk"] == summ(2, 1.5, 2) and c1["on_site"] == summ(3, 68, 150)
    assert c1["over_target"] == 1
    # 8 h open - 30 min paused - 15 + 14 min serving
    assert c1["idle_s"] == (480 - 30 - 29) * 60
    assert (c2["issued"], c2["served"], c2["waiting"]) == (1, 1, summ(1, 1, 1))
    assert c2["idle_s"] == (480 - 10 - 10) * 60  # T4 served 10 min here before its transfer
    assert (c3["issued"], c3["served"], c3["transferred"], c3["over_target"]) == (2, 2, 1, 1)
    assert c3["waiting"] == summ(2, 22.5, 40) and c3["service"] == summ(2, 13.5, 18)
    assert c3["on_site"] == summ(2, 45, 50) and c3["idle_s"] == (480 - 9 - 8) * 60


def test_by_clerk_service_and_hour(supervisor):
    clerks = {g["key"]: (g["label"], g["issued"]) for g in get(supervisor, "clerk")["by"]}
    assert clerks == {"canbo1": ("Nguyễn Thị Lan", 3), "canbo2": ("Trần Văn Minh", 1),
                      "canbo3": ("Lê Thu Hà", 2), "": ("Vé chưa được gọi", 1)}
    services = {g["key"]: g for g in get(supervisor, "service")["by"]}
    assert {k: g["issued"] for k, g in services.items()} == {"DD": 2, "HT": 5}
    assert services["DD"]["transferred"] == 1 and services["HT"]["cancelled"] == 1
    assert all(g["idle_s"] is None for g in services.values())
    hours = {g["key"]: g["issued"] for g in get(supervisor, "hour")["by"]}
    assert hours == {"08": 2, "09": 1, "10": 1, "11": 1, "14": 2}


def test_by_procedure_counts_tickets_behind_the_dossiers(supervisor):
    procs = {g["key"]: g for g in get(supervisor, "procedure")["by"]}
    assert {k: g["issued"] for k, g in procs.items()} == {
        "1.000894": 1, "1.001193": 2, "1.003003": 1, "": 3}  # T3 absent, T6, T7: no dossier
    assert (procs[""]["label"], procs[""]["no_show"], procs[""]["cancelled"]) == (
        "Vé không có hồ sơ", 1, 1)
    assert procs["1.001193"]["waiting"] == summ(2, (12 + 135) / 2, 135)


def test_heatmap_and_histogram(supervisor):
    a = get(supervisor)
    cells = {(c["weekday"], c["hour"]): c["count"] for c in a["hourly_arrivals"]}
    assert len(cells) == 7 * 11
    assert {k: v for k, v in cells.items() if v} == {
        (4, 8): 2, (4, 9): 1, (4, 10): 1, (4, 11): 1, (4, 14): 2}
    hist = {(b["from_min"], b["to_min"]): b["count"] for b in a["waiting_histogram"]}
    assert {k: v for k, v in hist.items() if v} == {
        (0, 5): 1, (5, 10): 1, (10, 15): 1, (20, 25): 1, (40, 45): 1, (60, None): 1}


def test_dossiers_and_satisfaction(supervisor):
    a = get(supervisor)
    d = a["dossiers"]
    assert {k: d[k] for k in ("received", "supplements", "refusals", "due_today", "overdue",
                              "returned", "returned_on_time", "on_time_rate")} == {
        "received": 4, "supplements": 2, "refusals": 1, "due_today": 1, "overdue": 1,
        "returned": 2, "returned_on_time": 1, "on_time_rate": 0.5}
    assert [(p["code"], p["field"], p["received"]) for p in d["by_procedure"]] == [
        ("1.000894", "Hộ tịch", 1), ("1.001193", "Hộ tịch", 2), ("1.003003", "Đất đai", 1)]
    assert d["by_field"] == [{"field": "Hộ tịch", "received": 3},
                             {"field": "Đất đai", "received": 1}]
    assert a["satisfaction"] == {"very_satisfied": 2, "satisfied": 1, "not_satisfied": 1,
                                 "reasons": [{"reason": "Chờ lâu", "count": 2}]}


def test_range_by_day_and_month(supervisor):
    a = get(supervisor, "day", D_PREV, D)
    assert a["totals"]["issued"] == 8 and a["totals"]["served"] == 6
    assert [(g["key"], g["label"], g["issued"]) for g in a["by"]] == [
        ("2026-11-19", "19/11/2026", 1), ("2026-11-20", "20/11/2026", 7)]
    months = get(supervisor, "month", D_PREV, D)["by"]
    assert [(g["key"], g["label"], g["issued"]) for g in months] == [("2026-11", "11/2026", 8)]
    # 12 40 20 5 135 1 and T8's 5: p90 of 7 is the 7th value
    assert a["totals"]["waiting"] == summ(7, 218 / 7, 135)


def test_target_can_be_given(supervisor):
    assert get(supervisor, target_min=10)["totals"]["over_target"] == 4  # 12 40 20 135


def test_an_empty_range(supervisor):
    a = get(supervisor, "counter", D.replace(day=1), D.replace(day=2))
    assert a["totals"]["issued"] == 0 and a["by"] == []
    assert a["totals"]["waiting"] == {"count": 0, "mean_s": None, "p90_s": None}


@pytest.mark.parametrize("user", ["canbo1", "kiosk1", "display1"])
def test_only_supervisors_and_admins(stats_api, user):
    api, _ = stats_api
    with api.as_user(user) as c:
        r = c.get("/stats", params={"from": D.isoformat(), "to": D.isoformat()})
    assert r.status_code == 403 and "quyền" in r.json()["detail"]


def test_admin_may_and_anonymous_may_not(stats_api):
    api, _ = stats_api
    with api.as_user("quantri") as c:
        assert get(c)["totals"]["issued"] == 7
    with api.client() as c:
        assert c.get("/stats", params={"from": "2026-11-20", "to": "2026-11-20"}).status_code == 401


def test_bad_ranges(supervisor):
    r = supervisor.get("/stats", params={"from": "2026-11-20", "to": "2026-11-19"})
    assert r.status_code == 422 and "to" in r.json()["detail"]
    r = supervisor.get("/stats", params={"from": "2020-01-01", "to": "2026-11-19"})
    assert r.status_code == 422
    r = supervisor.get("/stats", params={"from": "2026-11-20", "to": "2026-11-20", "by": "x"})
    assert r.status_code == 422


def test_office_waiting_target_is_the_default(stats_api, supervisor):
    """An admin sets the office's target (admin window → office): supervisors' figures use
    it without passing target_min; an explicit target_min still wins."""
    api, _ = stats_api
    with api.as_user("quantri") as admin:
        r = admin.put("/admin/office", json={"waiting_target_min": 10})
        assert r.status_code == 200 and r.json()["waiting_target_min"] == 10
        try:
            a = get(supervisor)
            assert a["waiting_target_s"] == 600
            assert a["totals"]["over_target"] == 4  # 12 40 20 135 over 10 min; 5 and 1 not
            assert get(supervisor, target_min=20)["totals"]["over_target"] == 2
            assert admin.put("/admin/office", json={"waiting_target_min": 0}).status_code == 422
        finally:
            admin.put("/admin/office", json={"waiting_target_min": 20})
    with api.as_user("giamsat") as sup:
        assert sup.put("/admin/office", json={"waiting_target_min": 5}).status_code == 403
