from __future__ import annotations

import re
import threading
import uuid
from datetime import datetime

import httpx
import pytest

from tests.backend.conftest import card_fields

CODE = re.compile(r"^000\.00\.17\.H01-(\d{6})-(\d{4})$")


def draft(card: dict, procedure: str = "1.009994", **extra) -> dict:
    f = card_fields(card["payload"])
    return {
        "procedure_code": procedure,
        "applicant": {**f, "phone": "0912345678", "email": None},
        "identity_outcome": "matched",
        "documents": [{"name": "Tờ khai thay đổi thông tin cư trú (mẫu CT01)", "originals": 1,
                       "copies": 0}],
        "sets": 1, "result_delivery": "counter", "note": None, **extra,
    }


def post(client: httpx.Client, body: dict, key: str | None) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post("/dossiers", json=body, headers=headers)


@pytest.fixture(scope="module")
def card(cards) -> dict:
    return next(c for c in cards if c["expect"] == "matched")


def test_create_dossier(clerk, card, demo):
    r = post(clerk, draft(card), uuid.uuid4().hex)
    assert r.status_code == 201, r.text
    d = r.json()
    m = CODE.match(d["code"])
    assert m and int(m.group(2)) == d["ledger_no"] >= 1
    received, due = datetime.fromisoformat(d["received_at"]), datetime.fromisoformat(d["due_at"])
    assert received.utcoffset().total_seconds() == due.utcoffset().total_seconds() == 7 * 3600
    assert m.group(1) == received.strftime("%y%m%d")
    assert due > received  # 15 working days
    assert (due - received).days >= 7
    assert len(d["tracking_token"]) >= 32  # >= 24 random bytes
    assert d["tracking_url"] == f"{demo.base_url}/t/{d['tracking_token']}"
    assert d["status"] == "received" and d["fee"] == 75000
    assert d["procedure"]["code"] == "1.009994"
    assert d["received_by"] == {"username": "canbo1", "full_name": "Nguyễn Thị Lan"}
    assert d["applicant"]["full_name"] == card_fields(card["payload"])["full_name"]
    assert d["identity_outcome"] == "matched"

    again = clerk.get(f"/dossiers/{d['code']}")
    assert again.status_code == 200 and again.json() == d


def test_same_key_same_body_returns_the_same_dossier(clerk, card):
    key = uuid.uuid4().hex
    first = post(clerk, draft(card), key)
    second = post(clerk, draft(card), key)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()


def test_same_key_other_body_is_409(clerk, card):
    key = uuid.uuid4().hex
    assert post(clerk, draft(card), key).status_code == 201
    r = post(clerk, draft(card, sets=2), key)
    assert r.status_code == 409
    assert "Idempotency-Key" in r.json()["detail"]


@pytest.mark.parametrize("key", [None, "short", "x" * 101, "has space 123"])
def test_missing_or_bad_key_is_400(clerk, card, key):
    r = post(clerk, draft(card), key)
    assert r.status_code == 400
    assert "Idempotency-Key" in r.json()["detail"]


def test_unknown_procedure_and_bad_body(clerk, card):
    r = post(clerk, draft(card, procedure="9.999999"), uuid.uuid4().hex)
    assert r.status_code == 422 and "danh mục" in r.json()["detail"]
    bad = draft(card)
    bad["applicant"]["id_number"] = "123"
    assert post(clerk, bad, uuid.uuid4().hex).status_code == 422


def test_unknown_dossier_is_404(clerk):
    r = clerk.get("/dossiers/000.00.17.H01-200101-0001")
    assert r.status_code == 404 and r.json()["detail"].startswith("Không tìm thấy")


def test_body_over_64kb_is_413(clerk, card):
    r = post(clerk, draft(card, note="x" * 70_000), uuid.uuid4().hex)
    assert r.status_code == 413 and r.json() == {"detail": "Dữ liệu gửi lên quá lớn."}


def test_same_key_race_creates_one_dossier(demo, card):
    token, key = demo.login("canbo3"), uuid.uuid4().hex
    results: list[httpx.Response] = []

    def send() -> None:
        with demo.client(token) as c:
            results.append(post(c, draft(card), key))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in results) == [200] * 7 + [201]
    assert len({r.json()["code"] for r in results}) == 1


def test_twenty_concurrent_receipts_get_consecutive_codes(start_backend, cards):
    api = start_backend()
    token = api.login("canbo1")
    card = next(c for c in cards if c["expect"] == "matched")
    codes: list[str] = []
    errors: list[str] = []
    barrier = threading.Barrier(20)

    def send() -> None:
        with api.client(token) as c:
            barrier.wait()
            r = post(c, draft(card, procedure="2.000815"), uuid.uuid4().hex)
            (codes if r.status_code == 201 else errors).append(
                r.json()["code"] if r.status_code == 201 else r.text)

    threads = [threading.Thread(target=send) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(CODE.match(c) for c in codes)
    assert sorted(int(CODE.match(c).group(2)) for c in codes) == list(range(1, 21))
    assert len({CODE.match(c).group(1) for c in codes}) == 1
