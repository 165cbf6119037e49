"""A new password is a passphrase: ≥ 10 characters, not a common password, not the username
(issue 12, item 5). Over the real admin API on loopback, and the CLI's first setup."""

from __future__ import annotations

import pytest

from backend import passwords

WEAK = [
    ("matkh", "ít nhất 10 ký tự"),  # 6 characters were enough before
    ("123456789", "ít nhất 10 ký tự"),
    ("1234567890", "quá phổ biến"),
    ("anhyeuem2026", "quá phổ biến"),
    ("Mật khẩu 2026!", "quá phổ biến"),  # accents, case, spaces and endings do not hide it
    ("mat-khau.moi", "quá phổ biến"),
    ("qwertyuiop", "quá phổ biến"),
    ("nguyenvananh1990", "quá phổ biến"),
    ("canbo42canbo42", "tên đăng nhập"),
    ("CANBO42-2026", "tên đăng nhập"),
]


@pytest.mark.parametrize(("password", "reason"), WEAK)
def test_admin_cannot_give_a_weak_password(demo, password, reason):
    with demo.as_user("quantri") as admin:
        created = admin.post("/admin/users", json={
            "username": "canbo42", "full_name": "Lê Văn Bốn Hai", "role": "clerk",
            "password": password})
        assert created.status_code == 422, created.text
        assert reason in created.text
        # A reset of an existing account is held to the same rule.
        reset = admin.put("/admin/users/canbo4", json={"password": password.replace(
            "canbo42", "canbo4").replace("CANBO42", "CANBO4")})
        assert reset.status_code == 422, reset.text
    demo.login("canbo4")  # the refused reset left the password as it was


def test_a_passphrase_is_accepted_and_signs_in(demo):
    with demo.as_user("quantri") as admin:
        created = admin.post("/admin/users", json={
            "username": "canbo43", "full_name": "Lê Văn Bốn Ba", "role": "clerk",
            "password": "lúa chín vàng đồng"})
        assert created.status_code == 201, created.text
    with demo.as_user_pw("canbo43", "lúa chín vàng đồng") as c:
        assert c.get("/auth/me").json()["username"] == "canbo43"


def test_the_cli_first_setup_refuses_a_common_password(tmp_path, capsys):
    from backend.cli import main

    db = str(tmp_path / "b.sqlite3")
    assert main(["admin", "--database", db, "office", "init", "--code", "HN-X",
                 "--name", "UBND xã X", "--agency-code", "000.00.17.H99"]) == 0
    assert main(["admin", "--database", db, "user", "add", "quantri", "--full-name", "Q",
                 "--role", "admin", "--password", "matkhau123"]) == 1
    assert "quá phổ biến" in capsys.readouterr().err
    assert main(["admin", "--database", db, "user", "add", "quantri", "--full-name", "Q",
                 "--role", "admin", "--password", "ba-con-meo-tren-mai"]) == 0


def test_the_list_ships_with_the_app_and_has_the_vietnamese_favourites():
    words = passwords.common()
    assert len(words) > 3000
    assert {"123456789", "matkhau", "anhyeuem", "emyeuanh", "iloveyou"} <= words
