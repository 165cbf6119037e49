"""The live event stream ends with its session (issue 12, item 6): at logout, when the
account is disabled or its password reset, and, for a stream held by another server
process or a session that simply expired, at the stream's next keep-alive. A refresh
keeps it: the session goes on with a new token. Over real HTTP on loopback."""

from __future__ import annotations

import pytest

from backend.api import queue_events
from tests.backend.inprocess import serve
from tests.backend.queue_helpers import issue, ok
from tests.backend.sse import SseReader

# Longer than any of these ends takes, far shorter than the 15 s keep-alive: an end seen
# within it was caused by the logout, not by the stream timing out.
PROMPT = 5.0


def test_logout_ends_the_stream_of_that_session_only(demo):
    api = demo.base_url + "/api/v1"
    mine, other = demo.login("canbo3"), demo.login("canbo3")  # two PCs, one clerk
    with SseReader(api, mine) as live, SseReader(api, other) as elsewhere, \
            demo.as_user("kiosk1") as kiosk:
        with demo.client(mine) as c:
            assert c.post("/auth/logout").status_code == 204
        assert live.ended(PROMPT)
        ok(issue(kiosk, "HT"), 201)
        elsewhere.next("ticket_issued")  # the other PC's session still runs
    with demo.client(mine) as c:  # and the client's reconnect is refused
        assert c.get("/queue/events").status_code == 401


def test_disabling_the_account_ends_its_streams(demo):
    api = demo.base_url + "/api/v1"
    with demo.as_user("quantri") as admin:
        ok(admin.post("/admin/users", json={"username": "manhinh9", "role": "display",
                                            "full_name": "Màn hình 9",
                                            "password": "man-hinh-phong-cho"}), 201)
        token = demo.login("manhinh9", "man-hinh-phong-cho")
        with SseReader(api, token) as live:
            ok(admin.put("/admin/users/manhinh9", json={"active": False}))
            assert live.ended(PROMPT)


def test_a_password_reset_ends_the_streams(demo):
    api = demo.base_url + "/api/v1"
    with demo.as_user("quantri") as admin:
        ok(admin.post("/admin/users", json={"username": "canbo19", "role": "clerk",
                                            "full_name": "Cán Bộ Mười Chín",
                                            "password": "cay-bang-la-do"}), 201)
        with SseReader(api, demo.login("canbo19", "cay-bang-la-do")) as live:
            ok(admin.put("/admin/users/canbo19", json={"password": "cay-bang-la-xanh"}))
            assert live.ended(PROMPT)


def test_a_refresh_keeps_the_stream_and_a_logout_after_it_ends_it(demo):
    api = demo.base_url + "/api/v1"
    first = demo.login("canbo4")
    with SseReader(api, first) as live, demo.as_user("kiosk1") as kiosk:
        with demo.client(first) as c:
            second = c.post("/auth/refresh").json()["access_token"]
        ok(issue(kiosk, "HT"), 201)
        live.next("ticket_issued")  # still delivering after the refresh
        with demo.client(second) as c:
            assert c.post("/auth/logout").status_code == 204
        assert live.ended(PROMPT)


def keepalives_later(live: SseReader, kiosk) -> None:
    """The stream's own checks pass while the session lives: it still delivers after a
    few keep-alives have gone by."""
    assert live.keepalives(3, PROMPT), "the stream ended while its session was alive"
    ok(issue(kiosk, "HT"), 201)
    live.next("ticket_issued")


@pytest.fixture
def quick_keepalive(monkeypatch):
    # The stream's own check runs at each keep-alive; a short one keeps the test short.
    monkeypatch.setattr(queue_events, "KEEPALIVE_SECONDS", 0.2)


def test_a_disable_made_elsewhere_ends_the_stream_at_its_next_keepalive(
        tmp_path, quick_keepalive):
    from backend.cli import main

    with serve(tmp_path) as (api, _, _), api.as_user("kiosk1") as kiosk:
        with SseReader(api.base_url + "/api/v1", api.login("canbo2")) as live:
            keepalives_later(live, kiosk)
            # The command line is another process as far as this server's streams know.
            assert main(["admin", "--database", str(tmp_path / "backend.sqlite3"),
                         "user", "set-active", "canbo2", "no"]) == 0
            assert live.ended(PROMPT)


def test_an_expired_session_ends_the_stream(tmp_path, quick_keepalive):
    with serve(tmp_path) as (api, _, clock), api.as_user("kiosk1") as kiosk:
        with SseReader(api.base_url + "/api/v1", api.login("display1")) as live:
            keepalives_later(live, kiosk)
            clock.advance(2 * 3600 + 1)  # the token's lifetime, never refreshed
            assert live.ended(PROMPT)
