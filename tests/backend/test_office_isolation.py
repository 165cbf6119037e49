"""Two offices on one backend: each office's staff and devices see and touch only their own
dossiers, tickets, ledger, statistics and settings (real server, real SQLite file)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from backend import models
from backend.db import Database
from backend.security import hash_password
from backend.seed.queue import seed_queue
from counter_app.domain.clock import office_today
from counter_app.embedded import EmbeddedBackend
from tests.backend.conftest import Api
from tests.backend.dossier_helpers import matched_card, new_dossier
from tests.backend.queue_helpers import issue, ok

OTHER = {"code": "HN-HOANKIEM", "name": "UBND phường Hoàn Kiếm",
         "agency_code": "000.00.18.H01", "address": "Số 126 phố Hàng Trống"}
# username = password, role, counter
OTHER_PEOPLE = (("hk_canbo", "clerk", 1), ("hk_giamsat", "supervisor", None),
                ("hk_quantri", "admin", None))
NOT_FOUND_TICKET = "Không tìm thấy phiếu thứ tự này."
TODAY = office_today().isoformat()  # the office's day, not the PC's (UTC+7)


def add_second_office(database_path) -> None:
    """What an installer does for a second office on a shared server: office, counters,
    accounts, and the same queue services as the demo office."""
    db = Database(f"sqlite:///{database_path}")
    try:
        with db.write() as s:
            office = models.Office(**OTHER)
            s.add(office)
            s.flush()
            for n in (1, 2):
                s.add(models.Counter(office_id=office.id, number=n, name=f"Quầy số {n}"))
            for username, role, counter_no in OTHER_PEOPLE:
                s.add(models.User(office_id=office.id, username=username, full_name=username,
                                  role=role, password_hash=hash_password(username),
                                  counter_no=counter_no, active=True))
            s.flush()
            seed_queue(s, office)
    finally:
        db.engine.dispose()


@pytest.fixture(scope="module")
def offices(tmp_path_factory):
    backend = EmbeddedBackend(tmp_path_factory.mktemp("two-offices"), demo=True)
    backend.start(timeout=30)
    add_second_office(backend.database_path)
    api = Api(backend)
    opened = {u: api.as_user(u) for u in ("canbo1", "giamsat", "quantri", "kiosk1",
                                          "display1", "hk_canbo", "hk_giamsat", "hk_quantri")}
    card = matched_card(opened["canbo1"].get("/demo/cards").json())
    data = {"a_dossier": new_dossier(opened["canbo1"], card),
            "b_dossier": new_dossier(opened["hk_canbo"], card)}
    b = opened["hk_canbo"]
    served = ok(issue(b, "HT"), 201)
    ok(b.post("/queue/counters/1/call-next"))
    ok(b.post(f"/queue/tickets/{served['id']}/start"))
    ok(b.post(f"/queue/tickets/{served['id']}/finish"))
    data["b_done"] = served
    data["b_waiting"] = ok(issue(b, "HT"), 201)
    try:
        yield api, opened, data
    finally:
        for c in opened.values():
            c.close()
        backend.stop()


def test_the_second_office_really_works(offices):
    _, c, data = offices
    mine = c["hk_canbo"].get(f"/dossiers/{data['b_dossier']['code']}")
    assert mine.status_code == 200 and mine.json()["code"].startswith("000.00.18.H01-")
    assert c["hk_canbo"].get("/auth/me").json()["office_code"] == "HN-HOANKIEM"


def test_clerk_cannot_read_or_change_another_offices_dossier(offices):
    _, c, data = offices
    other = data["b_dossier"]
    a = c["canbo1"]
    assert a.get(f"/dossiers/{other['code']}").status_code == 404
    assert a.get(f"/dossiers/by-token/{other['tracking_token']}").status_code == 404
    assert a.post(f"/dossiers/{other['code']}/status",
                  json={"status": "processing", "note": None}).status_code == 404
    back = a.post(f"/dossiers/{other['code']}/return",
                  json={"collector": {"id_number": other["applicant"]["id_number"],
                                      "full_name": other["applicant"]["full_name"],
                                      "relation": "self"},
                        "identity_outcome": "matched"},
                  headers={"Idempotency-Key": uuid.uuid4().hex})
    assert back.status_code == 404
    # and the other office's dossier is untouched
    assert c["hk_canbo"].get(f"/dossiers/{other['code']}").json()["status"] == "received"


def test_ledger_lists_only_the_clerks_own_office(offices):
    _, c, data = offices
    a_book = c["canbo1"].get("/ledger", params={"format": "csv"}).text
    b_book = c["hk_canbo"].get("/ledger", params={"format": "csv"}).text
    assert data["a_dossier"]["code"] in a_book and data["b_dossier"]["code"] not in a_book
    assert data["b_dossier"]["code"] in b_book and data["a_dossier"]["code"] not in b_book


def test_statistics_count_only_the_supervisors_own_office(offices):
    _, c, _ = offices

    def issued(who: str) -> int:
        r = c[who].get("/stats", params={"from": TODAY, "to": TODAY, "by": "service"})
        assert r.status_code == 200, r.text
        return r.json()["totals"]["issued"]

    a_before, b_before = issued("giamsat"), issued("hk_giamsat")
    for _ in range(3):
        ok(issue(c["hk_canbo"], "DD"), 201)
    assert issued("giamsat") == a_before
    assert issued("hk_giamsat") == b_before + 3
    assert c["canbo1"].get("/stats", params={"from": TODAY, "to": TODAY}).status_code == 403


def test_queue_tickets_of_another_office_are_invisible_and_untouchable(offices):
    _, c, data = offices
    waiting, done = data["b_waiting"]["id"], data["b_done"]["id"]
    a = c["canbo1"]
    listed = {t["id"] for t in a.get("/queue/tickets", params={"status": "waiting"}).json()}
    assert waiting not in listed
    assert waiting in {t["id"] for t in c["hk_canbo"].get(
        "/queue/tickets", params={"status": "waiting"}).json()}
    for action in ("recall", "start", "finish", "no-show", "return"):
        r = a.post(f"/queue/tickets/{waiting}/{action}")
        assert r.status_code == 404 and r.json()["detail"] == NOT_FOUND_TICKET, (action, r.text)
    assert a.post(f"/queue/tickets/{waiting}/call", json={"counter_no": 1}).status_code == 404
    assert a.post(f"/queue/tickets/{waiting}/transfer",
                  json={"service_code": "DD"}).status_code == 404
    assert c["kiosk1"].post(f"/queue/tickets/{waiting}/void",
                            json={"reason": "print_failed"}).status_code == 404
    assert c["display1"].post(f"/queue/tickets/{done}/rating",
                              json={"level": "not_satisfied"}).status_code == 404
    # still waiting in its own office: nothing above reached it
    assert waiting in {t["id"] for t in c["hk_canbo"].get(
        "/queue/tickets", params={"status": "waiting"}).json()}


def test_display_shows_only_its_own_office(offices):
    _, c, data = offices
    snap = c["display1"].get("/queue/display").json()
    assert snap["office"]["code"] == "HN-BADINH"
    calls = {e["ticket"]["id"] for e in snap["last_calls"] if e.get("ticket")}
    assert data["b_done"]["id"] not in calls
    assert [k["no"] for k in snap["counters"]] == [1, 2, 3, 4]


def test_admin_sees_and_changes_only_their_own_office(offices):
    _, c, _ = offices
    b_admin, a_admin = c["hk_quantri"], c["quantri"]
    assert b_admin.get("/admin/office").json()["code"] == "HN-HOANKIEM"
    assert a_admin.get("/admin/office").json()["code"] == "HN-BADINH"
    b_users = {u["username"] for u in b_admin.get("/admin/users").json()}
    assert b_users == {u for u, _, _ in OTHER_PEOPLE}
    assert {u["username"] for u in b_admin.get("/users").json()} == b_users
    assert [k["no"] for k in b_admin.get("/admin/counters").json()] == [1, 2]
    # another office's account cannot be reset, disabled or renamed
    assert b_admin.put("/admin/users/canbo1", json={"active": False}).status_code == 404
    assert a_admin.put("/admin/users/hk_canbo", json={"password": "sen-trang-ho-tay"}
                       ).status_code == 404
    renamed = b_admin.put("/admin/office", json={"hotline": "024 3825 0000"})
    assert renamed.status_code == 200 and renamed.json()["code"] == "HN-HOANKIEM"
    assert a_admin.get("/admin/office").json()["hotline"] == "024 3823 4567"
    added = b_admin.post("/admin/counters", json={"no": 7, "service_codes": ["HT"]})
    assert added.status_code == 201
    assert 7 not in [k["no"] for k in a_admin.get("/admin/counters").json()]
    with httpx.Client() as anon:  # canbo1 still signs in: B's admin did not disable it
        assert anon.post(offices[0].base_url + "/api/v1/auth/login",
                         json={"username": "canbo1", "password": "canbo1"}).status_code == 200



def test_audit_log_shows_only_the_overseers_own_office(offices):
    _, c, data = offices
    r = c["giamsat"].get("/admin/audit")
    if r.status_code == 404:
        pytest.skip("the audit log is not served yet")
    a_codes = {e["code"] for e in r.json()}
    b_codes = {e["code"] for e in c["hk_giamsat"].get("/admin/audit").json()}
    assert data["a_dossier"]["code"] in a_codes and data["b_dossier"]["code"] not in a_codes
    assert data["b_dossier"]["code"] in b_codes and data["a_dossier"]["code"] not in b_codes
    other = c["giamsat"].get("/admin/audit", params={"code": data["b_dossier"]["code"]})
    assert other.status_code == 200 and other.json() == []
