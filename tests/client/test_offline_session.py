"""Which saved session may reopen the counter while the backend is unreachable."""

from __future__ import annotations

from datetime import datetime, timedelta

from counter_app.client.models import Health, Office, Session, User
from counter_app.client.offline_session import (
    load_health,
    resume_offline,
    save_health,
    save_session,
)
from counter_app.domain.calendar import OFFICE_TZ

CLERK = User("canbo1", "Nguyễn Thị Lan", "clerk", "HN-BADINH", 1)
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=OFFICE_TZ)


def saved(tmp_path, token_left: timedelta, session_left: timedelta | None) -> None:
    ends = NOW + session_left if session_left is not None else None
    save_session(Session("tok", NOW + token_left, CLERK, ends), tmp_path)


def test_within_the_shift_even_after_the_token_lapsed(tmp_path):
    saved(tmp_path, timedelta(hours=-1), timedelta(hours=5))  # outage longer than the token
    session = resume_offline("tok-from-keyring", "canbo1", tmp_path, now=NOW)
    assert session is not None and session.user == CLERK
    assert session.token == "tok-from-keyring"


def test_not_past_the_shift_not_another_clerk_not_without_a_token(tmp_path):
    saved(tmp_path, timedelta(hours=1), timedelta(minutes=-1))
    assert resume_offline("tok", "canbo1", tmp_path, now=NOW) is None
    saved(tmp_path, timedelta(hours=1), timedelta(hours=5))
    assert resume_offline("tok", "canbo2", tmp_path, now=NOW) is None
    assert resume_offline(None, "canbo1", tmp_path, now=NOW) is None
    assert resume_offline("tok", "canbo1", tmp_path / "nothing-saved", now=NOW) is None


def test_without_a_session_maximum_the_token_expiry_rules(tmp_path):
    saved(tmp_path, timedelta(minutes=30), None)
    assert resume_offline("tok", "canbo1", tmp_path, now=NOW) is not None
    assert resume_offline("tok", "canbo1", tmp_path, now=NOW + timedelta(hours=1)) is None


def test_no_secret_is_written(tmp_path):
    saved(tmp_path, timedelta(hours=1), timedelta(hours=5))
    assert b"tok" not in b"".join(p.read_bytes() for p in tmp_path.iterdir())


def test_office_details_round_trip(tmp_path):
    office = Office("HN-BADINH", "UBND phường Ba Đình", "000.00.17.H01",
                    public_base_url="https://motcua.example.vn")
    save_health(Health("0.1.0", False, office), tmp_path)
    assert load_health(tmp_path) == Health("0.1.0", False, office)
