from __future__ import annotations

import re
import time
from datetime import datetime

import httpx

from tests.backend.conftest import Api

BAD_LOGIN = "Sai tên đăng nhập hoặc mật khẩu."


def test_health_reports_demo_office(demo):
    r = httpx.get(demo.base_url + "/api/v1/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["demo"] is True and body["version"] == "0.1.0"
    assert body["office"]["agency_code"] == "000.00.17.H01"
    assert body["office"]["parent_name"] == "UBND THÀNH PHỐ HÀ NỘI"
    assert body["office"]["public_base_url"] == demo.base_url


def test_demo_accounts_cover_every_role(demo):
    with demo.client() as c:
        accounts = c.get("/demo/accounts").json()
    roles = {a["role"] for a in accounts}
    assert roles == {"clerk", "supervisor", "admin", "kiosk", "display"}
    assert {"canbo1", "giamsat", "quantri"} <= {a["username"] for a in accounts}


def test_login_returns_token_and_user(demo):
    with demo.client() as c:
        r = c.post("/auth/login", json={"username": "canbo1", "password": "canbo1"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "bearer"
    assert len(body["access_token"]) >= 43  # 32 random bytes, urlsafe base64
    expires = datetime.fromisoformat(body["expires_at"])
    assert expires.utcoffset().total_seconds() == 7 * 3600
    assert body["user"] == {"username": "canbo1", "full_name": "Nguyễn Thị Lan", "role": "clerk",
                            "office_code": "HN-BADINH", "counter_no": 1}


def test_wrong_password_and_unknown_user_look_the_same(demo):
    with demo.client() as c:
        wrong = c.post("/auth/login", json={"username": "canbo1", "password": "nope"})
        unknown = c.post("/auth/login", json={"username": "khongco", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": BAD_LOGIN}


def test_unknown_user_costs_a_password_check(start_backend):
    # The dummy-hash verify keeps "no such user" from answering measurably faster. The two
    # logins alternate, so load from other processes slows both alike, and the fastest of
    # each is compared (a loaded machine only ever adds time). A backend of its own, and
    # fewer tries than the sign-in throttle lets through (a 429 would answer at once).
    demo = start_backend()
    times: dict[str, list[float]] = {"canbo2": [], "khongco": []}
    with demo.client() as c:
        for _ in range(4):
            for username, seen in times.items():
                t = time.perf_counter()
                c.post("/auth/login", json={"username": username, "password": "x"})
                seen.append(time.perf_counter() - t)
    known, unknown = min(times["canbo2"]), min(times["khongco"])
    assert unknown > known * 0.5, (known, unknown)


def test_me_and_logout(demo):
    token = demo.login("giamsat")
    with demo.client(token) as c:
        me = c.get("/auth/me")
        assert me.status_code == 200 and me.json()["role"] == "supervisor"
        assert c.post("/auth/logout").status_code == 204
        after = c.get("/auth/me")
    assert after.status_code == 401
    assert re.search(r"đăng nhập", after.json()["detail"])


def test_missing_or_forged_token_is_401(demo):
    with demo.client() as c:
        assert c.get("/auth/me").status_code == 401
    with demo.client("not-a-real-token") as c:
        r = c.get("/procedures")
    assert r.status_code == 401 and isinstance(r.json()["detail"], str)


def test_admin_only_user_list(demo):
    with demo.as_user("quantri") as admin:
        r = admin.get("/users")
    assert r.status_code == 200
    assert {u["username"] for u in r.json()} >= {"canbo1", "canbo4", "giamsat", "quantri"}
    assert all("password" not in str(u) for u in r.json())
    for who in ("canbo1", "giamsat"):
        with demo.as_user(who) as c:
            denied = c.get("/users")
        assert denied.status_code == 403
        assert denied.json() == {"detail": "Tài khoản không có quyền thực hiện thao tác này."}


def test_token_expires(clocked_backend, clock):
    api = Api(clocked_backend())  # the default 2-hour tokens
    token = api.login("canbo1")
    with api.client(token) as c:
        clock.advance(minutes=119)
        assert c.get("/auth/me").status_code == 200
        clock.advance(minutes=1, seconds=1)
        after = c.get("/auth/me")
    assert after.status_code == 401 and "đăng nhập lại" in after.json()["detail"]
