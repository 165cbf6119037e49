"""Sessions: a token lives token_ttl_minutes, POST /auth/refresh swaps it for a new one,
and no refresh reaches past session_max_hours after the password login."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.backend.conftest import Api


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


def test_refresh_slides_but_never_past_the_session_maximum(clocked_backend, clock):
    # 2-hour tokens, 12-hour sessions: refreshed every hour the session lives 12 h, no more.
    api = Api(clocked_backend())
    body = _login(api)
    ends = datetime.fromisoformat(body["session_expires_at"])
    token, expiries = body["access_token"], []
    for hours in range(1, 12):
        clock.advance(hours=1)
        r = _refresh(api, token)
        assert r.status_code == 200, (hours, r.text)
        token = r.json()["access_token"]
        expiries.append(datetime.fromisoformat(r.json()["expires_at"]))
    assert expiries == sorted(expiries) and max(expiries) <= ends
    assert ends - expiries[-1] < timedelta(seconds=1)  # the 11th hour's token ends with the day
    clock.advance(minutes=59)
    with api.client(token) as c:
        assert c.get("/auth/me").status_code == 200
    clock.advance(minutes=1, seconds=1)
    late = _refresh(api, token)
    assert late.status_code == 401
    with api.client(token) as c:
        assert c.get("/auth/me").status_code == 401
    # A password login opens a fresh day.
    assert _login(api)["expires_in"] == 2 * 3600
