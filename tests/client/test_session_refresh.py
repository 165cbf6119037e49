"""The counter's ApiClient keeps its session alive by refreshing the token past half its
life, keeps the new token in the OS keyring, and stops at the backend's session maximum.
Real backend on loopback with second-long tokens; a real keyring backend (in memory)."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from counter_app.client import errors
from counter_app.client.api import ApiClient
from counter_app.embedded import EmbeddedBackend
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
def short_sessions(tmp_path):
    """Tokens live 2.4 s; a session at most 6 s after the password login."""
    backend = EmbeddedBackend(tmp_path / "backend", demo=True,
                              extra_args=("--token-ttl-minutes", "0.04",
                                          "--session-max-hours", str(6 / 3600)))
    backend.start(timeout=30)
    yield backend
    backend.stop()


def _status(base_url: str, token: str) -> int:
    return httpx.get(base_url + "/api/v1/auth/me", timeout=5,
                     headers={"Authorization": f"Bearer {token}"}).status_code


def test_client_outlives_one_token_and_keyring_keeps_the_newest(short_sessions, keys):
    store = TokenStore()
    api = ApiClient(short_sessions.base_url,
                    on_refreshed=lambda s: store.set(s.user.username, s.token))
    try:
        first = api.login("canbo1", "canbo1")
        store.set("canbo1", first.token)
        started = time.monotonic()
        while time.monotonic() - started < 3.5:  # longer than one token's 2.4 s
            assert api.me().username == "canbo1"
            time.sleep(0.3)
        assert api.token != first.token
        assert keys[(SERVICE, "canbo1")] == api.token
        assert _status(short_sessions.base_url, first.token) == 401  # revoked by the refresh
        assert _status(short_sessions.base_url, api.token) == 200
        assert api.session.session_expires_at == first.session_expires_at
    finally:
        api.close()


def test_idle_past_the_token_life_means_login_again(short_sessions):
    api = ApiClient(short_sessions.base_url)
    try:
        api.login("canbo1", "canbo1")
        time.sleep(2.8)  # no request for longer than the token lives: nothing to refresh
        with pytest.raises(errors.Unauthorized) as caught:
            api.me()
        assert "đăng nhập" in caught.value.message
    finally:
        api.close()


def test_the_windows_health_checks_keep_an_idle_clerk_signed_in(short_sessions):
    """Over lunch the clerk sends nothing, but the counter window asks for health every
    15 s (here every 0.3 s): the session outlives several token lives."""
    api = ApiClient(short_sessions.base_url)
    try:
        first = api.login("canbo1", "canbo1")
        started = time.monotonic()
        while time.monotonic() - started < 4.0:  # well past one token's 2.4 s
            api.health()
            time.sleep(0.3)
        assert api.token != first.token
        assert api.me().username == "canbo1"
    finally:
        api.close()


def test_refreshing_stops_at_the_session_maximum(short_sessions):
    transport = Counting()
    api = ApiClient(short_sessions.base_url, transport=transport)
    try:
        session = api.login("canbo1", "canbo1")
        started = time.monotonic()
        with pytest.raises(errors.Unauthorized):
            while time.monotonic() - started < 15:
                api.me()
                time.sleep(0.1)
        lived = time.monotonic() - started
        assert 5.0 < lived < 7.5, lived  # the 6 s session, not one 2.4 s token, not forever
        # Refreshed at each half-life, then not again once a token reached the session end.
        assert 2 <= transport.refreshes <= 5, transport.refreshes
        assert api.session.expires_at == session.session_expires_at
    finally:
        api.close()


def test_requests_from_many_threads_never_see_the_swap(short_sessions):
    """A refresh revokes the old token: no request may still be carrying it then."""
    api = ApiClient(short_sessions.base_url)
    api.login("canbo1", "canbo1")
    failures: list[BaseException] = []
    stop = time.monotonic() + 3.5

    def work() -> None:
        while time.monotonic() < stop:
            try:
                api.procedures()
            except errors.ApiError as exc:
                failures.append(exc)
                return

    threads = [threading.Thread(target=work) for _ in range(8)]
    try:
        first = api.token
        for t in threads:
            t.start()
        for t in threads:
            t.join(15)
        assert not failures, failures[:3]
        assert api.token != first
    finally:
        api.close()


def test_logout_forgets_the_token_even_when_the_backend_is_gone(short_sessions):
    api = ApiClient(short_sessions.base_url, connect_timeout=0.5)
    api.login("canbo1", "canbo1")
    token = api.token
    api.logout()
    assert api.token is None and _status(short_sessions.base_url, token) == 401
    api.login("canbo1", "canbo1")
    short_sessions.stop()
    with pytest.raises(errors.Unreachable):
        api.logout()
    assert api.token is None and api.session is None
    api.close()
