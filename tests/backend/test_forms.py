"""Supplement requests (form 02) and refusals (form 03): their own daily numbers,
consecutive under 10 concurrent clerks on SQLite and PostgreSQL, idempotent writes."""

from __future__ import annotations

import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.backend.dossier_helpers import applicant, matched_card

NUMBER = re.compile(r"^(BS|TC)-(\d{6})-(\d{4})$")


def supplement(card: dict, **extra) -> dict:
    return {"procedure_code": "1.004194", "applicant": applicant(card),
            "missing": [{"name": "Giấy tờ chứng minh chỗ ở hợp pháp", "kind": "certified_copy",
                         "reason": "Bản photo không chứng thực"}],
            "reason": "Thiếu giấy tờ chứng minh chỗ ở", "contact": {"name": "Nguyễn Thị Lan",
                                                                  "phone": "024 3823 4567"},
            "ticket_id": None, **extra}


def refusal(card: dict) -> dict:
    return {"procedure_code": "1.003003", "applicant": {"full_name": "Lê Văn Cường"},
            "reason": "Thửa đất đang có tranh chấp", "ticket_id": None}


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, start_backend):
    if request.param == "sqlite":
        return start_backend()
    return start_backend("--database", request.getfixturevalue("postgres_url"))


def test_numbers_are_consecutive_under_concurrency(backend, cards):
    card = matched_card(cards)
    token = backend.login("canbo1")
    barrier = threading.Barrier(10)

    def send(i: int) -> tuple[int, str]:
        path, body = ("/supplements", supplement(card)) if i % 2 else ("/refusals", refusal(card))
        with backend.client(token) as c:
            barrier.wait()
            r = c.post(path, json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
        return r.status_code, r.json().get("number", r.text)

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(send, range(20)))  # two waves of 10 at once
    assert {s for s, _ in results} == {201}, results
    by_kind: dict[str, list[int]] = {"BS": [], "TC": []}
    days = set()
    for _, number in results:
        m = NUMBER.match(number)
        by_kind[m.group(1)].append(int(m.group(3)))
        days.add(m.group(2))
    assert len(days) == 1
    assert sorted(by_kind["BS"]) == list(range(1, 11))
    assert sorted(by_kind["TC"]) == list(range(1, 11))


def test_forms_are_idempotent_and_keep_what_was_sent(clerk, cards, demo):
    card = matched_card(cards)
    with demo.as_user("kiosk1") as kiosk:
        ticket = kiosk.post("/queue/tickets", json={"service_code": "HT"},
                            headers={"Idempotency-Key": uuid.uuid4().hex}).json()
    key = {"Idempotency-Key": uuid.uuid4().hex}
    body = supplement(card, ticket_id=ticket["id"])
    first = clerk.post("/supplements", json=body, headers=key)
    again = clerk.post("/supplements", json=body, headers=key)
    assert (first.status_code, again.status_code) == (201, 200)
    s = first.json()
    assert again.json() == s
    assert s["ticket_id"] == ticket["id"] and s["procedure"]["code"] == "1.004194"
    assert s["missing"][0]["kind"] == "certified_copy" and s["contact"]["name"] == "Nguyễn Thị Lan"
    assert s["created_by"]["username"] == "canbo1" and s["created_at"].endswith("+07:00")
    assert clerk.post("/supplements", json=supplement(card, reason="khác"),
                      headers=key).status_code == 409
    # One key names one record: reusing it for a refusal is refused too.
    assert clerk.post("/refusals", json=refusal(card), headers=key).status_code == 409

    r = clerk.post("/refusals", json=refusal(card), headers={"Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 201 and r.json()["applicant"]["full_name"] == "Lê Văn Cường"
    assert r.json()["reason"] == "Thửa đất đang có tranh chấp"

    bad = {"Idempotency-Key": uuid.uuid4().hex}
    assert clerk.post("/supplements", json=supplement(card, missing=[]), headers=bad).status_code == 422
    assert clerk.post("/refusals", json={**refusal(card), "reason": ""}, headers=bad).status_code == 422
    assert clerk.post("/refusals", json={**refusal(card), "procedure_code": "0.0"},
                      headers=bad).status_code == 422
    assert clerk.post("/refusals", json={**refusal(card), "ticket_id": 10**9},
                      headers=bad).status_code == 422
    assert clerk.post("/refusals", json=refusal(card)).status_code == 400
