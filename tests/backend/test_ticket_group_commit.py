"""Ticket issue as a group commit (backend/queue/issuer.py): requests that arrive while a
transaction is being written go together in the next one, and each still gets exactly its
own answer; a batch that fails is retried one request at a time; an answered ticket
survives kill -9."""

from __future__ import annotations

import re
import signal
import sys
import threading
import uuid
from collections import defaultdict

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from backend import models, security
from backend.queue import issue_batch
from tests.backend.inprocess import serve

NUMBER = re.compile(r"^([A-Z]+)(\d+)$")


def _value(number: str) -> int:
    m = NUMBER.match(number)
    assert m is not None, number
    return int(m.group(2))


def _post(api, token, body, key):
    with api.client(token) as c:
        return c.post("/queue/tickets", json=body, headers={"Idempotency-Key": key})


def _held_batch(app, api, requests):
    """Send `requests` (token, body, key) while the queue's writer is held, so they all wait
    in the issuer's queue; then let go. Their answers, in order."""
    issuer = app.state.issuer
    answers: list[httpx.Response | None] = [None] * len(requests)

    def send(i, token, body, key):
        answers[i] = _post(api, token, body, key)

    threads = [threading.Thread(target=send, args=(i, *r)) for i, r in enumerate(requests)]
    arrived = issuer.received + len(requests)
    with app.state.queue._lock:  # the writer thread blocks on the first batch
        for t in threads:
            t.start()
        while issuer.received < arrived:
            threads[0].join(0.01)  # waiting for the requests to arrive, not for time
            assert any(t.is_alive() for t in threads)
    for t in threads:
        t.join(30)
    done = [a for a in answers if a is not None]
    assert len(done) == len(requests)
    return done


def test_requests_waiting_together_are_one_transaction_with_their_own_answers(tmp_path):
    with serve(tmp_path) as (api, app, clock):
        kiosk, clerk, admin = api.login("kiosk1"), api.login("canbo1"), api.login("quantri")
        gone = api.login("kiosk1")  # a second session of the kiosk, revoked below
        for token in (kiosk, clerk, gone):  # each token known to the fast path's cache
            assert _post(api, token, {"service_code": "HT"}, uuid.uuid4().hex).status_code == 201
        # Logged out by a process this one hears nothing from (a SQLite file edited by
        # another process; a bulk statement): its cache still knows the token; the
        # transaction refuses it.
        with app.state.db.write() as s:
            s.execute(update(models.AuthToken).where(
                models.AuthToken.token_hash == security.token_digest(gone))
                .values(revoked_at=clock.now()))
        with api.client(admin) as c:
            assert c.put("/admin/services/TKQ", json={"active": False}).status_code == 200
        plain = [(kiosk if i % 2 else clerk, {"service_code": ("HT", "KD")[i % 2]},
                  f"plain-{i:04d}") for i in range(20)]
        odd = [(kiosk, {"service_code": "KD"}, "twin-0001"),
               (kiosk, {"service_code": "KD"}, "twin-0001"),  # same key, same body
               (kiosk, {"service_code": "HT"}, "twin-0002"),
               (kiosk, {"service_code": "KD"}, "twin-0002"),  # same key, another body
               (gone, {"service_code": "HT"}, "gone-0001"),  # revoked: 401
               (kiosk, {"service_code": "TKQ"}, "paused-01")]  # paused service: 409
        answers = _held_batch(app, api, plain + odd)
        # The writer took the first arrivals, then everything that waited meanwhile.
        assert app.state.issuer.largest >= len(plain + odd) // 2
        statuses = [r.status_code for r in answers]
        assert statuses[:20] == [201] * 20
        assert sorted(statuses[20:22]) == [200, 201]
        assert answers[20].json() == answers[21].json()
        assert sorted(statuses[22:24]) == [201, 409]
        assert statuses[24:] == [401, 409]
        numbers: dict[str, list[int]] = defaultdict(list)
        for r in answers:
            if r.status_code == 201:
                numbers[r.json()["service_code"]].append(_value(r.json()["number"]))
        # Warm-up took HT 1-3; the batch continues each service without a gap.
        assert sorted(numbers["HT"]) == list(range(4, 4 + len(numbers["HT"])))
        assert sorted(numbers["KD"]) == list(range(1, 1 + len(numbers["KD"])))
        with app.state.db.read() as s:
            tickets = s.scalar(select(func.count()).select_from(models.Ticket))
            issued_events = s.scalar(select(func.count()).where(
                models.TicketEvent.type == "ticket_issued"))
        assert tickets == issued_events == 3 + 20 + 2


def test_a_failed_batch_is_retried_one_by_one(tmp_path, monkeypatch):
    real = issue_batch.run

    def failing(s, reqs):
        if any(r.key == "poison-01" for r in reqs):
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real(s, reqs)

    monkeypatch.setattr(issue_batch, "run", failing)
    with serve(tmp_path) as (api, app, _clock):
        kiosk = api.login("kiosk1")
        assert _post(api, kiosk, {"service_code": "HT"}, "warm-0001").status_code == 201
        requests = [(kiosk, {"service_code": "HT"}, f"fine-{i:04d}") for i in range(8)]
        requests.insert(4, (kiosk, {"service_code": "HT"}, "poison-01"))
        answers = _held_batch(app, api, requests)
        statuses = [r.status_code for r in answers]
        assert statuses == [201] * 4 + [500] + [201] * 4
        assert "Lỗi" in answers[4].json()["detail"] or answers[4].json()["detail"]
        got = sorted(_value(r.json()["number"]) for r in answers if r.status_code == 201)
        assert got == list(range(2, 10))  # the failure took no number


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_every_answered_ticket_survives_kill_9_on_sqlite(start_backend, tmp_path):
    api = start_backend(data_dir=tmp_path / "office")
    token = api.login("kiosk1")
    answered: list[int] = []
    stop = threading.Event()

    def load(code):
        with api.client(token) as c:
            while not stop.is_set():
                try:
                    r = c.post("/queue/tickets", json={"service_code": code},
                               headers={"Idempotency-Key": uuid.uuid4().hex})
                except httpx.HTTPError:
                    return  # the server is gone: what was not answered is not ours
                if r.status_code == 201:
                    answered.append(r.json()["id"])

    workers = [threading.Thread(target=load, args=(code,)) for code in ("HT", "KD") * 4]
    for w in workers:
        w.start()
    while len(answered) < 200:
        workers[0].join(0.05)  # waiting for answers to arrive, not for time
        assert all(w.is_alive() for w in workers)
    api.backend.process.send_signal(signal.SIGKILL)
    for w in workers:
        w.join(30)
    stop.set()
    again = start_backend(data_dir=tmp_path / "office")
    with again.as_user("canbo1") as clerk:
        waiting = {t["id"] for code in ("HT", "KD") for t in clerk.get(
            "/queue/tickets", params={"service": code}).json()}
        services = {s["code"]: s for s in clerk.get("/queue/services").json()}
    assert set(answered) <= waiting  # every answered ticket was on disk
    assert len(waiting) == services["HT"]["issued_today"] + services["KD"]["issued_today"]
