"""Opening the counter offline (counter_app.desk.offline_start): the clerk signed in last
reopens with the token kept in the token store, the session and office saved on disk (the
test's own app home, see tests/conftest.py)."""

from __future__ import annotations

from datetime import timedelta

from counter_app.client.models import Health, Office, Session, User
from counter_app.client.offline_session import resume_offline, save_health, save_session
from counter_app.desk.offline_start import keep_refreshed, offline_session
from counter_app.domain.clock import office_now
from counter_app.token_store import TokenStore

CLERK = User("canbo1", "Nguyễn Thị Lan", "clerk", "HN-BADINH", 1)
OFFICE = Office("HN-BADINH", "UBND phường Ba Đình", "000.00.17.H01")


def _session(token: str) -> Session:
    now = office_now()
    return Session(token, now + timedelta(minutes=30), CLERK, now + timedelta(hours=5))


def test_the_last_clerk_reopens_offline_with_the_kept_token():
    tokens = TokenStore(use_keyring=False)
    tokens.set("canbo1", "tok-kept")
    save_session(_session("tok-old"))
    save_health(Health("0.1.0", False, OFFICE))
    opened = offline_session(tokens, "canbo1")
    assert opened is not None
    session, health = opened
    assert session.user == CLERK and session.token == "tok-kept"
    assert health.office == OFFICE


def test_no_offline_start_without_the_office_another_clerk_or_a_name():
    tokens = TokenStore(use_keyring=False)
    tokens.set("canbo1", "tok-kept")
    save_session(_session("tok-old"))
    assert offline_session(tokens, "canbo1") is None  # no office saved yet
    save_health(Health("0.1.0", False, OFFICE))
    assert offline_session(tokens, "canbo2") is None
    assert offline_session(tokens, "") is None


def test_a_refresh_keeps_the_new_token_and_expiry():
    tokens = TokenStore(use_keyring=False)
    keep_refreshed(tokens)(_session("tok-new"))
    assert tokens.get("canbo1") == "tok-new"
    assert resume_offline("tok-new", "canbo1") is not None
