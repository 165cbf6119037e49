"""Dossier lifecycle over HTTP: legal steps and their history, illegal ones 409, the
`dossier advance` command line, the QR lookup and the result return."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import datetime

import pytest

from tests.backend.dossier_helpers import matched_card, new_dossier, step


@pytest.fixture(scope="module")
def card(cards) -> dict:
    return matched_card(cards)


def test_steps_history_and_illegal_moves(clerk, demo, card):
    d = new_dossier(clerk, card)
    assert [h["status"] for h in d["history"]] == ["received"]
    assert d["history"][0]["by"] == {"username": "canbo1", "full_name": "Nguyễn Thị Lan"}
    assert d["returned"] is None and d["delivery_address"] is None

    r = step(clerk, d["code"], "ready")
    assert r.status_code == 409 and "Đang giải quyết" in r.json()["detail"]
    with demo.as_user("giamsat") as supervisor:
        assert step(supervisor, d["code"], "processing", "Chuyển phòng Văn hóa").status_code == 200
    assert step(clerk, d["code"], "needs_supplement", "Thiếu giấy tờ").status_code == 200
    assert step(clerk, d["code"], "ready").status_code == 409
    assert step(clerk, d["code"], "processing").status_code == 200
    after = step(clerk, d["code"], "ready").json()
    assert after["status"] == "ready"
    hist = after["history"]
    assert [h["status"] for h in hist] == ["received", "processing", "needs_supplement",
                                           "processing", "ready"]
    assert hist[1]["by"]["username"] == "giamsat" and hist[1]["note"] == "Chuyển phòng Văn hóa"
    times = [datetime.fromisoformat(h["at"]) for h in hist]
    assert times == sorted(times) and all(t.utcoffset().total_seconds() == 7 * 3600 for t in times)
    # At the counter a result goes out only through /return, which records the collector.
    r = step(clerk, d["code"], "returned")
    assert r.status_code == 409 and "Trả kết quả" in r.json()["detail"]
    assert clerk.get(f"/dossiers/{d['code']}").json()["history"] == hist

    # A dossier with its result can no longer be stopped; a stopped one no longer moves.
    stop = {"kind": "withdrawn", "reason": "Công dân rút hồ sơ"}
    r = clerk.post(f"/dossiers/{d['code']}/stop", json=stop)
    assert r.status_code == 409 and "đã có kết quả" in r.json()["detail"]
    other = new_dossier(clerk, card)
    stopped = clerk.post(f"/dossiers/{other['code']}/stop", json=stop).json()
    assert stopped["status"] == "withdrawn" and stopped["portal_status"] == 7
    r = step(clerk, other["code"], "processing")
    assert r.status_code == 409 and "trạng thái cuối" in r.json()["detail"]
    assert step(clerk, "000.00.17.H01-200101-0001", "processing").status_code == 404
    assert clerk.post(f"/dossiers/{d['code']}/status", json={"status": "lost"}).status_code == 422


def test_status_step_is_idempotent_with_a_key(clerk, card):
    d = new_dossier(clerk, card)
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = clerk.post(f"/dossiers/{d['code']}/status", json={"status": "processing"}, headers=key)
    again = clerk.post(f"/dossiers/{d['code']}/status", json={"status": "processing"}, headers=key)
    assert first.status_code == again.status_code == 200
    assert len(again.json()["history"]) == 2


def test_post_delivery_needs_an_address_and_returns_by_status(clerk, card):
    r = clerk.post("/dossiers", headers={"Idempotency-Key": uuid.uuid4().hex}, json={
        "procedure_code": "1.009994", "applicant": new_dossier(clerk, card)["applicant"],
        "identity_outcome": "matched", "result_delivery": "post"})
    assert r.status_code == 422 and "bưu chính" in r.json()["detail"]
    d = new_dossier(clerk, card, result_delivery="post",
                    delivery_address="Số 5 ngõ 12 Đào Tấn, phường Ngọc Hà, Hà Nội")
    assert d["delivery_address"].startswith("Số 5 ngõ 12")
    for s in ("processing", "ready"):
        assert step(clerk, d["code"], s).status_code == 200
    sent = step(clerk, d["code"], "returned", "Phát qua bưu điện, mã EMS EB123456789VN")
    assert sent.status_code == 200 and sent.json()["status"] == "returned"


def test_return_flow(clerk, demo, card):
    d = new_dossier(clerk, card)
    scanned = clerk.get(f"/dossiers/by-token/{d['tracking_token']}")
    assert scanned.status_code == 200 and scanned.json()["code"] == d["code"]
    assert clerk.get("/dossiers/by-token/" + "x" * 32).status_code == 404

    body = {"collector": {"id_number": "001190004321", "full_name": "Trần Thị Bình",
                         "relation": "authorized"}, "identity_outcome": "matched"}
    key = {"Idempotency-Key": uuid.uuid4().hex}
    r = clerk.post(f"/dossiers/{d['code']}/return", json=body, headers=key)
    assert r.status_code == 409 and "chờ trả" in r.json()["detail"]
    assert clerk.post(f"/dossiers/{d['code']}/return", json=body).status_code == 400

    for s in ("processing", "ready"):
        assert step(clerk, d["code"], s).status_code == 200
    with demo.as_user("canbo2") as other:
        done = other.post(f"/dossiers/{d['code']}/return", json=body, headers=key)
        assert done.status_code == 200, done.text
        out = done.json()
        assert out["status"] == "returned" and out["history"][-1]["status"] == "returned"
        ret = out["returned"]
        assert ret["collector_name"] == "Trần Thị Bình"
        assert ret["collector_id_masked"] == "*********321" and "001190004321" not in done.text
        assert ret["relation"] == "authorized" and ret["identity_outcome"] == "matched"
        assert ret["by"] == {"username": "canbo2", "full_name": "Trần Văn Minh"}
        assert datetime.fromisoformat(ret["at"]).utcoffset().total_seconds() == 7 * 3600

        again = other.post(f"/dossiers/{d['code']}/return", json=body, headers=key)
        assert again.status_code == 200 and again.json() == out
        changed = {**body, "identity_outcome": "unverified"}
        assert other.post(f"/dossiers/{d['code']}/return", json=changed,
                          headers=key).status_code == 409
        second = other.post(f"/dossiers/{d['code']}/return", json=body,
                            headers={"Idempotency-Key": uuid.uuid4().hex})
        assert second.status_code == 409 and "đã được trả" in second.json()["detail"]
    assert clerk.get(f"/dossiers/{d['code']}").json() == out


def test_dossier_advance_cli(start_backend, cards):
    api = start_backend()
    with api.as_user("canbo1") as clerk:
        d = new_dossier(clerk, matched_card(cards))

    def advance(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "backend", "dossier", "advance", *args,
                               "--database", str(api.backend.database_path)],
                              capture_output=True, text=True, timeout=60)

    done = advance(d["code"], "processing", "--note", "Chuyển bộ phận chuyên môn")
    assert done.returncode == 0, done.stderr
    assert "Đang giải quyết" in done.stdout
    refused = advance(d["code"], "returned")
    assert refused.returncode == 1 and "Không chuyển được" in refused.stderr
    assert advance(d["code"], "ready", "--by", "giamsat").returncode == 0
    assert advance("000.00.17.H01-200101-0001", "ready").returncode == 1
    assert advance(d["code"], "flying").returncode == 2

    with api.as_user("canbo1") as clerk:
        hist = clerk.get(f"/dossiers/{d['code']}").json()["history"]
    assert [h["status"] for h in hist] == ["received", "processing", "ready"]
    assert hist[1]["by"]["username"] == "cli" and hist[1]["note"] == "Chuyển bộ phận chuyên môn"
    assert hist[2]["by"] == {"username": "giamsat", "full_name": "Hoàng Thị Mai"}
