"""The signed-in user is remembered between requests (backend/token_cache.py), and what
could make a remembered answer wrong takes effect at once: a logout, a disabled account,
a changed role, an office's new calling order, a token's expiry; on one server and, on
PostgreSQL, on every server sharing the database (backend/auth_changes.py)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

from backend.token_cache import Caller, TokenCache
from tests.backend.inprocess import serve

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend"


def _ticket(c: httpx.Client, code: str = "HT", priority: str | None = None) -> dict:
    r = c.post("/queue/tickets", json={"service_code": code, "priority": priority},
               headers={"Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 201, r.text
    return r.json()


def test_a_disabled_account_or_a_new_role_is_refused_on_its_next_request(tmp_path):
    with serve(tmp_path) as (api, app, _clock):
        with api.as_user("canbo1") as clerk, api.as_user("quantri") as admin:
            assert clerk.get("/queue/counters").status_code == 200  # remembered now
            hits = app.state.token_cache.hits
            assert clerk.get("/queue/counters").status_code == 200
            assert app.state.token_cache.hits > hits  # the second one came from the cache
            r = admin.put("/admin/users/canbo1", json={"role": "supervisor"})
            assert r.status_code == 200, r.text
            assert clerk.get("/auth/me").json()["role"] == "supervisor"
            assert admin.put("/admin/users/canbo1", json={"active": False}).status_code == 200
            assert clerk.get("/queue/counters").status_code == 401


def test_logout_ends_the_token_at_once(tmp_path):
    with serve(tmp_path) as (api, _app, _clock):
        with api.as_user("canbo1") as clerk:
            assert clerk.get("/auth/me").status_code == 200
            assert clerk.post("/auth/logout").status_code == 204
            assert clerk.get("/auth/me").status_code == 401


def test_a_remembered_token_still_expires_by_the_apps_clock(tmp_path):
    with serve(tmp_path) as (api, _app, clock):
        with api.as_user("canbo1") as clerk:
            assert clerk.get("/auth/me").status_code == 200
            clock.advance(hours=13)  # past any session's end
            assert clerk.get("/auth/me").status_code == 401


def test_an_office_change_reaches_the_clerks_next_call(tmp_path):
    with serve(tmp_path) as (api, _app, _clock):
        with api.as_user("canbo1") as clerk, api.as_user("quantri") as admin:
            normal = _ticket(clerk)
            _ticket(clerk, priority="elderly")
            assert clerk.get("/auth/me").status_code == 200  # the office is remembered
            r = admin.put("/admin/office", json={"queue_strategy": {
                "mode": "interleaved", "ratio": 1}})
            assert r.status_code == 200, r.text
            # Strict order would call the elderly applicant; interleaved starts with the
            # normal ticket that waited longer.
            called = clerk.post("/queue/counters/1/call-next")
            assert called.status_code == 200, called.text
            assert called.json()["id"] == normal["id"]


def test_the_command_line_disabling_an_account_on_sqlite_takes_effect_at_once(tmp_path):
    """Another process writing the same SQLite file: no NOTIFY, but the signal file."""
    with serve(tmp_path) as (api, _app, _clock):
        with api.as_user("canbo1") as clerk:
            assert clerk.get("/auth/me").status_code == 200  # remembered
            cli = subprocess.run(
                [sys.executable, "-m", "backend", "admin", "--database",
                 str(tmp_path / "backend.sqlite3"), "user", "set-active", "canbo1", "no"],
                capture_output=True, text=True, timeout=60, cwd=ROOT)
            assert cli.returncode == 0, cli.stderr
            assert clerk.get("/auth/me").status_code == 401


def test_a_read_begun_before_a_forget_is_not_remembered():
    cache = TokenCache()
    since = cache.generation
    cache.forget("another")  # a change announced while the read ran
    cache.put(Caller("d", "canbo1", "clerk"), since)
    assert cache.get("d") is None
    cache.put(Caller("d", "canbo1", "clerk"), cache.generation)
    assert cache.get("d") is not None


def test_nothing_writes_tokens_or_users_behind_the_sessions_back():
    """The cache hears ORM flushes only: a bulk UPDATE/DELETE of these tables would
    change a sign-in without telling any cache."""
    bulk = re.compile(r"\b(update|delete)\(\s*(models\.)?(AuthToken|User|Office)\b"
                      r"|(UPDATE|DELETE FROM)\s+(auth_tokens|users|offices)\b")
    found = [f"{p.relative_to(BACKEND)}: {m.group(0)}"
             for p in BACKEND.rglob("*.py") if "migrations" not in p.parts
             for m in bulk.finditer(p.read_text("utf-8"))]
    assert found == []


def test_on_postgresql_a_logout_or_disable_on_a_reaches_b(start_backend, postgres_url):
    a = start_backend("--database", postgres_url)
    b = start_backend("--database", postgres_url)
    token, other = a.login("canbo1"), a.login("canbo2")
    with b.client(token) as on_b, a.client(token) as on_a, b.client(other) as other_b, \
            a.as_user("quantri") as admin:
        assert on_b.get("/auth/me").status_code == 200  # B remembers the token (10 min)
        assert other_b.get("/auth/me").status_code == 200
        assert on_a.post("/auth/logout").status_code == 204
        assert _refused_soon(on_b)
        assert admin.put("/admin/users/canbo2", json={"active": False}).status_code == 200
        assert _refused_soon(other_b)


def _refused_soon(c: httpx.Client, within_s: float = 60.0) -> bool:
    """The NOTIFY is delivered a moment after the commit. The bound only keeps a broken
    build from hanging: a loaded machine may be slow, and the cache alone would keep
    answering for 10 minutes, so a minute still tells the two apart."""
    end = time.monotonic() + within_s
    while time.monotonic() < end:
        if c.get("/auth/me").status_code == 401:
            return True
    return False
