"""A second sign-in factor (TOTP) for admin accounts (issue 12, item 5): turned on by an
admin for their own or another admin's account, asked only after the right password,
each code good once. Over real HTTP on loopback; the test moves the app's clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backend import totp
from backend.sign_in import SECOND_FACTOR
from tests.backend.inprocess import serve

BAD_LOGIN = "Sai tên đăng nhập hoặc mật khẩu."


@pytest.fixture
def office(tmp_path):
    with serve(tmp_path) as running:
        yield running


def _login(api, username: str, password: str, code: str | None = None):
    body = {"username": username, "password": password}
    if code is not None:
        body["totp_code"] = code
    with api.client() as c:
        return c.post("/auth/login", json=body)


def _window(secret: str, clock) -> set[str]:
    return {totp.code_at(secret, clock.now() + timedelta(seconds=30 * k)) for k in (-1, 0, 1)}


def _wrong(secret: str, clock) -> str:
    return next(c for c in (f"{n:06d}" for n in range(10)) if c not in _window(secret, clock))


def _turn_on(admin, clock, username: str) -> str:
    r = admin.post(f"/admin/users/{username}/totp/secret")
    assert r.status_code == 200, r.text
    secret = r.json()["secret"]
    assert r.json()["link"].startswith("otpauth://totp/")
    wrong = admin.put(f"/admin/users/{username}/totp",
                      json={"secret": secret, "code": _wrong(secret, clock)})
    assert wrong.status_code == 422 and "không đúng" in wrong.json()["detail"]
    on = admin.put(f"/admin/users/{username}/totp",
                   json={"secret": secret, "code": totp.code_at(secret, clock.now())})
    assert on.status_code == 200 and on.json()["totp"] is True, on.text
    return secret


def test_an_admin_with_totp_needs_the_code_after_the_password(office):
    api, _, clock = office
    with api.as_user("quantri") as admin:
        secret = _turn_on(admin, clock, "quantri")
    clock.advance(30)  # the code used to turn it on is spent

    wrong_password = _login(api, "quantri", "sai-mat-khau-roi")
    assert wrong_password.status_code == 401 and "X-Second-Factor" not in wrong_password.headers
    assert wrong_password.json()["detail"] == BAD_LOGIN  # no hint that TOTP is on

    no_code = _login(api, "quantri", "quantri")
    assert no_code.status_code == 401 and no_code.headers["X-Second-Factor"] == "totp"
    assert no_code.json()["detail"] == SECOND_FACTOR
    wrong_code = _login(api, "quantri", "quantri", _wrong(secret, clock))
    assert wrong_code.status_code == 401 and wrong_code.headers["X-Second-Factor"] == "totp"

    code = totp.code_at(secret, clock.now())
    ok = _login(api, "quantri", "quantri", code)
    assert ok.status_code == 200, ok.text
    again = _login(api, "quantri", "quantri", code)  # seen over a shoulder, typed again
    assert again.status_code == 401 and again.headers["X-Second-Factor"] == "totp"
    clock.advance(30)
    assert _login(api, "quantri", "quantri", totp.code_at(secret, clock.now())
                  ).status_code == 200


def test_codes_from_a_phone_a_step_off_still_work_but_not_two_off(office):
    api, _, clock = office
    with api.as_user("quantri") as admin:
        secret = _turn_on(admin, clock, "quantri")
    clock.advance(120)
    late = totp.code_at(secret, clock.now() - timedelta(seconds=30))
    assert _login(api, "quantri", "quantri", late).status_code == 200
    clock.advance(120)
    stale = totp.code_at(secret, clock.now() - timedelta(seconds=90))
    assert stale not in _window(secret, clock)  # (one chance in ~300,000 that it is)
    assert _login(api, "quantri", "quantri", stale).status_code == 401


def test_guessing_codes_is_throttled_like_passwords(office):
    api, _, clock = office
    with api.as_user("quantri") as admin:
        secret = _turn_on(admin, clock, "quantri")
    clock.advance(30)
    right = totp.code_at(secret, clock.now())
    guesses = [f"{n:06d}" for n in range(20) if f"{n:06d}" not in _window(secret, clock)][:12]
    codes = [_login(api, "quantri", "quantri", g).status_code for g in guesses]
    assert codes[:5] == [401] * 5 and set(codes[6:]) == {429}
    assert _login(api, "quantri", "quantri", right).status_code == 429


def test_an_admin_turns_it_on_for_another_admin_but_not_for_a_clerk(office):
    api, _, clock = office
    with api.as_user("quantri") as admin:
        assert admin.post("/admin/users", json={
            "username": "quantri2", "full_name": "Phó Quản Trị", "role": "admin",
            "password": "hai-nguoi-quan-tri"}).status_code == 201
        secret = _turn_on(admin, clock, "quantri2")
        assert admin.post("/admin/users/canbo1/totp/secret").status_code == 409
        users = {u["username"]: u for u in admin.get("/admin/users").json()}
        assert users["quantri2"]["totp"] is True and users["quantri"]["totp"] is False
        actions = {(r["action"], r["code"]) for r in admin.get("/admin/audit").json()}
        assert ("user.totp_on", "quantri2") in actions
    with api.as_user("canbo1") as clerk:
        assert clerk.post("/admin/users/quantri2/totp/secret").status_code == 403
    clock.advance(30)
    assert _login(api, "quantri2", "hai-nguoi-quan-tri").status_code == 401
    assert _login(api, "quantri2", "hai-nguoi-quan-tri",
                  totp.code_at(secret, clock.now())).status_code == 200
    with api.as_user("quantri") as admin:
        off = admin.delete("/admin/users/quantri2/totp")
        assert off.status_code == 200 and off.json()["totp"] is False
    assert _login(api, "quantri2", "hai-nguoi-quan-tri").status_code == 200


def test_the_command_line_turns_it_off_for_a_lost_phone(office, tmp_path, capsys):
    from backend.cli import main

    api, _, clock = office
    with api.as_user("quantri") as admin:
        _turn_on(admin, clock, "quantri")
    assert _login(api, "quantri", "quantri").status_code == 401
    assert main(["admin", "--database", str(tmp_path / "backend.sqlite3"),
                 "user", "totp-off", "quantri"]) == 0
    assert _login(api, "quantri", "quantri").status_code == 200
