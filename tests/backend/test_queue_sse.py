"""A display connected to /queue/events gets a call within 1 s; reconnecting with
`after=` or Last-Event-ID replays what it missed. On SQLite and on PostgreSQL (where the
events travel by LISTEN/NOTIFY)."""

from __future__ import annotations

import time

import pytest

from tests.backend.queue_helpers import issue, ok
from tests.backend.sse import SseReader


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, start_backend):
    if request.param == "sqlite":
        return start_backend()
    return start_backend("--database", request.getfixturevalue("postgres_url"))


def test_call_reaches_display_within_a_second_and_replays(backend):
    api = backend.base_url + "/api/v1"
    display = backend.login("display1")
    with backend.as_user("kiosk1") as kiosk, backend.as_user("canbo1") as clerk:
        with SseReader(api, display) as live:
            t = ok(issue(kiosk, "HT"), 201)
            _, issued = live.next("ticket_issued")
            assert issued["ticket"]["number"] == t["number"] and issued["seq"] >= 1
            t0 = time.perf_counter()
            called = ok(clerk.post("/queue/counters/1/call-next"))
            at, ev = live.next("called", timeout=1.0)
            assert at - t0 < 1.0
            assert ev["ticket"]["number"] == called["number"] and ev["counter_no"] == 1
            assert ev["ticket"]["status"] == "called" and ev["at"].endswith("+07:00")
            ok(clerk.post(f"/queue/tickets/{t['id']}/recall"))
            _, recalled = live.next("recalled")
            ok(clerk.post("/queue/counters/1/pause", json={"reason": "Họp giao ban"}))
            _, paused = live.next("counter_paused")
            assert paused["ticket"] is None and paused["counter_no"] == 1
            ok(clerk.post("/queue/counters/1/resume"))

        # Missed while disconnected: replayed in order, then live again.
        ok(clerk.post(f"/queue/tickets/{t['id']}/start"))
        ok(clerk.post(f"/queue/tickets/{t['id']}/finish"))
        with SseReader(api, display, params={"after": issued["seq"]}) as again:
            types = [again.next(k)[1]["type"] for k in
                     ("called", "recalled", "counter_paused", "counter_resumed", "started",
                      "finished")]
            assert types[-1] == "finished"
            ok(issue(kiosk, "KD"), 201)
            assert again.next("ticket_issued")[1]["ticket"]["service_code"] == "KD"
        with SseReader(api, display, headers={"Last-Event-ID": str(recalled["seq"])}) as resumed:
            _, first = resumed.next("counter_paused")
            assert first["seq"] == paused["seq"]

        snapshot = ok(clerk.get("/queue/display"))
        assert [e["type"] for e in snapshot["last_calls"]] == ["recalled", "called"]
        assert snapshot["counters"][0]["current_number"] is None


def test_stream_roles(demo):
    with demo.as_user("kiosk1") as kiosk:
        assert kiosk.get("/queue/events").status_code == 403
    with demo.client() as anon:
        assert anon.get("/queue/events").status_code == 401
