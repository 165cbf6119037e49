"""The counter's ApiClient keeps its session alive by refreshing the token past half its
life, keeps the new token in the OS keyring, and stops at the backend's session maximum.
Real backend on loopback with the real lifetimes (2-hour tokens, 12-hour sessions) on a
ManualClock both sides read: the test moves the hours instead of sleeping through them."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import httpx
import pytest

from counter_app.client import errors
from counter_app.client.api import ApiClient
from counter_app.token_store import TokenStore
from tests.client.memory_keyring import os_keyring  # noqa: F401 - fixture

SERVICE = "counter-app"


@pytest.fixture
def keys(request) -> dict:
    """The OS keyring's entries: a real keyring backend (kept in memory) is installed."""
    return request.getfixturevalue("os_keyring").store


class Counting(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.refreshes = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/refresh"):
            self.refreshes += 1
        return super().handle_request(request)


@pytest.fixture
def sessions(clocked_backend):
    """The backend with its default lifetimes: tokens 2 h, a session at most 12 h."""
    return clocked_backend()


def _status(base_url: str, token: str) -> int:
    return httpx.get(base_url + "/api/v1/auth/me", timeout=5,
                     headers={"Authorization": f"Bearer {token}"}).status_code


def test_client_outlives_one_token_and_keyring_keeps_the_newest(sessions, clock, keys):
    store = TokenStore()
    api = ApiClient(sessions.base_url, on_refreshed=lambda s: store.set(s.user.username, s.token))
    try:
        first = api.login("canbo1", "canbo1")
        store.set("canbo1", first.token)
        for _ in range(7):  # 3.5 h of work, longer than one token's 2 h
            clock.advance(minutes=30)
            assert api.me().username == "canbo1"
        assert api.token != first.token
        assert keys[(SERVICE, "canbo1")] == api.token
        assert _status(sessions.base_url, first.token) == 401  # revoked by the refresh
        assert _status(sessions.base_url, api.token) == 200
        assert api.session.session_expires_at == first.session_expires_at
    finally:
        api.close()


def test_idle_past_the_token_life_means_login_again(sessions, clock):
    api = ApiClient(sessions.base_url)
    try:
        api.login("canbo1", "canbo1")
        clock.advance(hours=2, seconds=1)  # no request for longer than the token lives
        with pytest.raises(errors.Unauthorized) as caught:
            api.me()
        assert "đăng nhập" in caught.value.message
    finally:
        api.close()


def test_the_windows_health_checks_keep_an_idle_clerk_signed_in(sessions, clock):
    """Over a 4-hour afternoon the clerk sends nothing, but the counter window asks for
    health every 15 minutes or sooner: the session outlives two token lives."""
    api = ApiClient(sessions.base_url)
    try:
        first = api.login("canbo1", "canbo1")
        for _ in range(16):
            clock.advance(minutes=15)
            api.health()
        assert api.token != first.token
        assert api.me().username == "canbo1"
    finally:
        api.close()


def test_refreshing_stops_at_the_session_maximum(sessions, clock):
    transport = Counting()
    api = ApiClient(sessions.base_url, transport=transport)
    try:
        session = api.login("canbo1", "canbo1")
        lived = timedelta(0)
        with pytest.raises(errors.Unauthorized):
            while lived < timedelta(hours=24):
                api.me()
                clock.advance(minutes=10)
                lived += timedelta(minutes=10)
        # The 12-hour session, not one 2-hour token, not forever.
        assert timedelta(hours=12) <= lived <= timedelta(hours=12, minutes=10), lived
        # Refreshed at each half-life (1 h, 2 h, ... 10 h); the 10th hour's token reaches
        # the session end, so no refresh after it.
        assert transport.refreshes == 10, transport.refreshes
        assert api.session.expires_at == session.session_expires_at
    finally:
        api.close()


def test_requests_from_many_threads_never_see_the_swap(sessions, clock):
    """A refresh revokes the old token: no request may still be carrying it then."""
    api = ApiClient(sessions.base_url)
    api.login("canbo1", "canbo1")
    failures: list[BaseException] = []
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            try:
                api.procedures()
            except errors.ApiError as exc:
                failures.append(exc)
                return

    threads = [threading.Thread(target=work) for _ in range(8)]
    try:
        tokens = [api.token]
        for t in threads:
            t.start()
        for _ in range(3):  # three refreshes, each while eight threads are sending
            clock.advance(hours=1)
            deadline = time.monotonic() + 15
            while api.token == tokens[-1] and not failures and time.monotonic() < deadline:
                time.sleep(0.01)  # polling for the swap, not waiting for time to pass
            tokens.append(api.token)
        stop.set()
        for t in threads:
            t.join(15)
        assert not failures, failures[:3]
        assert len(set(tokens)) == 4, "a refresh did not happen"
    finally:
        stop.set()
        api.close()


def test_logout_forgets_the_token_even_when_the_backend_is_gone(sessions):
    api = ApiClient(sessions.base_url, connect_timeout=0.5)
    api.login("canbo1", "canbo1")
    token = api.token
    api.logout()
    assert api.token is None and _status(sessions.base_url, token) == 401
    api.login("canbo1", "canbo1")
    sessions.stop()
    with pytest.raises(errors.Unreachable):
        api.logout()
    assert api.token is None and api.session is None
    api.close()
