"""Sessions: a token lives token_ttl_minutes, POST /auth/refresh swaps it for a new one,
and no refresh reaches past session_max_hours after the password login."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest


def _login(api, username: str = "canbo1") -> dict:
    with api.client() as c:
        r = c.post("/auth/login", json={"username": username, "password": username})
    assert r.status_code == 200, r.text
    return r.json()


def _refresh(api, token: str):
    with api.client(token) as c:
        return c.post("/auth/refresh")


def test_login_says_when_the_token_and_the_session_end(demo):
    before = datetime.now(UTC)
    body = _login(demo)
    expires = datetime.fromisoformat(body["expires_at"])
    ends = datetime.fromisoformat(body["session_expires_at"])
    assert 2 * 3600 - 60 <= body["expires_in"] <= 2 * 3600  # the default TTL, 120 min
    assert abs(expires - before - timedelta(hours=2)) < timedelta(minutes=1)
    assert abs(ends - before - timedelta(hours=12)) < timedelta(minutes=1)  # one working day
    assert ends.utcoffset().total_seconds() == 7 * 3600


def test_refresh_gives_a_new_token_and_revokes_the_old(demo):
    first = _login(demo)
    r = _refresh(demo, first["access_token"])
    assert r.status_code == 200, r.text
    second = r.json()
    assert second["access_token"] != first["access_token"]
    assert second["user"] == first["user"]
    assert datetime.fromisoformat(second["expires_at"]) >= datetime.fromisoformat(
        first["expires_at"])
    # The session end is the login's, not moved by the refresh.
    assert second["session_expires_at"] == first["session_expires_at"]
    with demo.client(first["access_token"]) as old, demo.client(second["access_token"]) as new:
        assert old.get("/auth/me").status_code == 401
        assert new.get("/auth/me").json()["username"] == "canbo1"
    # The old token cannot be refreshed a second time into a parallel session.
    again = _refresh(demo, first["access_token"])
    assert again.status_code == 401 and "đăng nhập" in again.json()["detail"]


@pytest.mark.parametrize("token", [None, "forged-token", "revoked"])
def test_refresh_needs_a_live_token(demo, token):
    if token == "revoked":
        token = demo.login("canbo2")
        with demo.client(token) as c:
            assert c.post("/auth/logout").status_code == 204
    r = _refresh(demo, token)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"


def test_disabled_account_cannot_refresh(start_backend):
    api = start_backend()
    token = api.login("canbo3")
    with api.as_user("quantri") as admin:
        assert admin.put("/admin/users/canbo3", json={"active": False}).status_code == 200
    assert _refresh(api, token).status_code == 401


def test_refresh_slides_but_never_past_the_session_maximum(start_backend):
    # 1.2 s tokens, 3.6 s sessions: refreshed every 0.5 s the session lives 3.6 s, no more.
    api = start_backend("--token-ttl-minutes", "0.02", "--session-max-hours", "0.001")
    body = _login(api)
    login_at = time.monotonic()
    ends = datetime.fromisoformat(body["session_expires_at"])
    token, expiries = body["access_token"], []
    while time.monotonic() - login_at < 3.0:
        time.sleep(0.5)
        r = _refresh(api, token)
        assert r.status_code == 200, (time.monotonic() - login_at, r.text)
        token = r.json()["access_token"]
        expiries.append(datetime.fromisoformat(r.json()["expires_at"]))
    assert time.monotonic() - login_at > 1.5  # well past one token's life: it slid
    assert expiries == sorted(expiries) and max(expiries) <= ends
    with api.client(token) as c:
        assert c.get("/auth/me").status_code == 200
    time.sleep(max(0.0, 3.6 - (time.monotonic() - login_at)) + 0.3)
    late = _refresh(api, token)
    assert late.status_code == 401
    with api.client(token) as c:
        assert c.get("/auth/me").status_code == 401
    # A password login opens a fresh day.
    assert _login(api)["expires_in"] >= 1
