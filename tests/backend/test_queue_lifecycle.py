"""A ticket's life over HTTP: issue, call, recall, start, finish; no-show and return;
transfer; void after a failed print; caps, idempotency and the dossier link."""

from __future__ import annotations

import uuid

import pytest

from tests.backend.queue_helpers import isolated_queue, issue, ok


@pytest.fixture(scope="module")
def admin(demo):
    with demo.as_user("quantri") as c:
        yield c


@pytest.fixture(scope="module")
def kiosk(demo):
    with demo.as_user("kiosk1") as c:
        yield c


def test_issue_call_recall_start_finish(admin, kiosk, clerk):
    code, (no,) = isolated_queue(admin)
    first = ok(issue(kiosk, code), 201)
    second = ok(issue(kiosk, code), 201)
    assert first["number"].endswith("001") and second["number"].endswith("002")
    assert first["status"] == "waiting" and first["source"] == "kiosk"
    assert (first["waiting_ahead"], second["waiting_ahead"]) == (0, 1)
    assert first["issued_at"].endswith("+07:00")

    called = ok(clerk.post(f"/queue/counters/{no}/call-next"))
    assert (called["id"], called["status"], called["counter_no"]) == (first["id"], "called", no)
    assert called["call_count"] == 1 and called["called_at"]
    busy = clerk.post(f"/queue/counters/{no}/call-next")
    assert busy.status_code == 409 and first["number"] in busy.json()["detail"]

    recalled = ok(clerk.post(f"/queue/tickets/{first['id']}/recall"))
    assert recalled["call_count"] == 2
    assert ok(clerk.post(f"/queue/tickets/{first['id']}/start"))["status"] == "serving"
    counter = next(c for c in ok(clerk.get("/queue/counters")) if c["no"] == no)
    assert counter["current_ticket"]["number"] == first["number"]
    assert counter["clerk"]["username"] == "canbo1"
    assert ok(clerk.post(f"/queue/tickets/{first['id']}/finish"))["status"] == "done"

    illegal = clerk.post(f"/queue/tickets/{first['id']}/start")
    assert illegal.status_code == 409 and "đã xong" in illegal.json()["detail"]
    assert ok(clerk.post(f"/queue/counters/{no}/call-next"))["id"] == second["id"]
    ok(clerk.post(f"/queue/tickets/{second['id']}/no-show"))
    assert clerk.post(f"/queue/counters/{no}/call-next").status_code == 204


def test_no_show_returns_with_its_place(admin, kiosk, clerk):
    code, (no,) = isolated_queue(admin)
    a = ok(issue(kiosk, code), 201)
    b = ok(issue(kiosk, code), 201)
    ok(clerk.post(f"/queue/counters/{no}/call-next"))
    gone = ok(clerk.post(f"/queue/tickets/{a['id']}/no-show"))
    assert gone["status"] == "no_show"
    assert clerk.post(f"/queue/tickets/{a['id']}/recall").status_code == 409
    back = ok(clerk.post(f"/queue/tickets/{a['id']}/return"))
    assert back["status"] == "waiting" and back["number"] == a["number"]
    assert back["issued_at"] == a["issued_at"] and back["waiting_ahead"] == 0
    listed = ok(clerk.get("/queue/tickets", params={"status": "waiting", "service": code}))
    assert [t["id"] for t in listed] == [a["id"], b["id"]]
    assert ok(clerk.post(f"/queue/counters/{no}/call-next"))["call_count"] == 2


def test_priority_strict_order(admin, kiosk, clerk):
    code, (no,) = isolated_queue(admin)
    n1 = ok(issue(kiosk, code), 201)
    p1 = ok(issue(kiosk, code, "elderly"), 201)
    assert p1["waiting_ahead"] == 0 and ok(clerk.get("/queue/tickets", params={
        "service": code}))[1]["id"] == n1["id"]
    assert ok(clerk.post(f"/queue/counters/{no}/call-next"))["id"] == p1["id"]


def test_transfer_to_service_and_to_counter(admin, kiosk, clerk):
    src, (no_src,) = isolated_queue(admin)
    dst, (no_dst,) = isolated_queue(admin)
    _, (no_other,) = isolated_queue(admin)
    early = ok(issue(kiosk, dst), 201)
    t = ok(issue(kiosk, src), 201)
    ok(clerk.post(f"/queue/counters/{no_src}/call-next"))
    ok(clerk.post(f"/queue/tickets/{t['id']}/start"))
    moved = ok(clerk.post(f"/queue/tickets/{t['id']}/transfer", json={"service_code": dst}))
    assert (moved["status"], moved["service_code"], moved["number"]) == ("waiting", dst,
                                                                         t["number"])
    assert moved["transferred_from"] == src and moved["transferred_from_counter"] == no_src
    assert moved["issued_at"] == t["issued_at"]
    same = clerk.post(f"/queue/tickets/{t['id']}/transfer", json={"service_code": dst})
    assert same.status_code == 409
    assert ok(clerk.post(f"/queue/counters/{no_dst}/call-next"))["id"] == early["id"]
    ok(clerk.post(f"/queue/tickets/{early['id']}/finish".replace("finish", "no-show")))

    pinned = ok(clerk.post(f"/queue/tickets/{t['id']}/transfer", json={"counter_no": no_other}))
    assert pinned["counter_no"] == no_other and pinned["status"] == "waiting"
    # Pinned to another counter: its own service's counter no longer calls it.
    assert clerk.post(f"/queue/counters/{no_dst}/call-next").status_code == 204
    assert ok(clerk.post(f"/queue/counters/{no_other}/call-next"))["id"] == t["id"]
    both = clerk.post(f"/queue/tickets/{t['id']}/transfer",
                      json={"service_code": src, "counter_no": no_src})
    assert both.status_code == 409


def test_void_after_failed_print(admin, kiosk, clerk, demo):
    code, (no,) = isolated_queue(admin)
    t = ok(issue(kiosk, code), 201)
    voided = ok(kiosk.post(f"/queue/tickets/{t['id']}/void", json={"reason": "print_failed"}))
    assert voided["status"] == "cancelled"
    assert clerk.post(f"/queue/counters/{no}/call-next").status_code == 204
    assert kiosk.post(f"/queue/tickets/{t['id']}/void", json={}).status_code == 409
    other = ok(issue(clerk, code), 201)
    assert other["source"] == "counter"
    with demo.client() as anon:
        assert anon.post(f"/queue/tickets/{other['id']}/void", json={}).status_code == 401
    refused = kiosk.post(f"/queue/tickets/{other['id']}/void", json={})
    assert refused.status_code == 403  # a kiosk voids only what it printed


def test_idempotent_issue_cap_and_closed_service(admin, kiosk):
    code, _ = isolated_queue(admin, daily_cap=2)
    key = uuid.uuid4().hex
    first = issue(kiosk, code, key=key)
    again = issue(kiosk, code, key=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert issue(kiosk, code, "child", key=key).status_code == 409
    assert issue(kiosk, code, key=None).status_code == 201
    full = issue(kiosk, code)
    assert full.status_code == 409 and "2" in full.json()["detail"]
    ok(admin.put(f"/admin/services/{code}", json={"daily_cap": None}))
    assert issue(kiosk, code).json()["number"].endswith("003")  # the refusal left no gap
    ok(admin.put(f"/admin/services/{code}", json={"active": False}))
    assert issue(kiosk, code).status_code == 409
    assert issue(kiosk, "NOPE").status_code == 422
    missing = kiosk.post("/queue/tickets", json={"service_code": code})
    assert missing.status_code == 400


def test_pause_resume_and_call_specific(admin, kiosk, clerk):
    code, (no,) = isolated_queue(admin)
    a = ok(issue(kiosk, code), 201)
    b = ok(issue(kiosk, code), 201)
    paused = ok(clerk.post(f"/queue/counters/{no}/pause", json={"reason": "Nghỉ trưa"}))
    assert (paused["state"], paused["pause_reason"]) == ("paused", "Nghỉ trưa")
    refused = clerk.post(f"/queue/counters/{no}/call-next")
    assert refused.status_code == 409 and "tạm dừng" in refused.json()["detail"]
    assert ok(clerk.post(f"/queue/counters/{no}/resume"))["state"] == "open"
    called = ok(clerk.post(f"/queue/tickets/{b['id']}/call", json={"counter_no": no}))
    assert called["id"] == b["id"] and called["counter_no"] == no
    assert clerk.post(f"/queue/tickets/{a['id']}/call", json={"counter_no": 9999}).status_code \
        == 422
    assert clerk.post("/queue/tickets/999999/start").status_code == 404


def test_dossier_links_ticket(admin, kiosk, clerk, cards):
    from tests.backend.test_dossiers import draft, post

    code, _ = isolated_queue(admin)
    t = ok(issue(kiosk, code), 201)
    card = next(c for c in cards if c["expect"] == "matched")
    assert post(clerk, draft(card, ticket_id=t["id"]), uuid.uuid4().hex).status_code == 201
    bad = post(clerk, draft(card, ticket_id=987654), uuid.uuid4().hex)
    assert bad.status_code == 422 and "phiếu" in bad.json()["detail"]
