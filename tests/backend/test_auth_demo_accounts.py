"""Demo accounts (username = password) exist in demo mode only (issue 12, item 5): the
one-PC office that began as a demo and now starts without --demo cannot be opened with
canbo1/canbo1 or quantri/quantri. Real backend processes over loopback, one database."""

from __future__ import annotations

import pytest

from backend.seed.retire import demo_usernames
from counter_app import settings as S


def _status(api, username: str, password: str) -> int:
    with api.client() as c:
        return c.post("/auth/login", json={"username": username,
                                           "password": password}).status_code


def test_a_start_outside_demo_mode_disables_the_demo_accounts(start_backend, tmp_path):
    demo = start_backend(data_dir=tmp_path)
    with demo.as_user("quantri") as admin:
        assert admin.post("/admin/users", json={
            "username": "truongbophan", "full_name": "Trưởng Bộ Phận", "role": "admin",
            "password": "mot-cua-phuong-ba-dinh"}).status_code == 201
        # A demo name the office kept, with a password of its own: it stays.
        assert admin.put("/admin/users/canbo2", json={
            "password": "canh-dong-lua-chin"}).status_code == 200
    kept_token = demo.login("canbo1")
    demo.backend.stop()

    office = start_backend(data_dir=tmp_path, demo=False)
    for name in demo_usernames():
        if name != "canbo2":
            assert _status(office, name, name) == 401, name
    assert _status(office, "canbo2", "canbo2-x") == 401
    with office.client(kept_token) as c:  # a session opened in the demo is over too
        assert c.get("/auth/me").status_code == 401
    with office.as_user_pw("truongbophan", "mot-cua-phuong-ba-dinh") as admin:
        accounts = {u["username"]: u for u in admin.get("/admin/users").json()}
        assert accounts["quantri"]["active"] is False and accounts["canbo1"]["active"] is False
        assert accounts["canbo2"]["active"] is True
        # Re-enabling does not bring the demo password back: a new one must be set.
        assert admin.put("/admin/users/canbo1", json={"active": True}).status_code == 200
        assert _status(office, "canbo1", "canbo1") == 401
        assert admin.put("/admin/users/canbo1", json={
            "password": "hoa-phuong-do-ruc"}).status_code == 200
    assert _status(office, "canbo1", "hoa-phuong-do-ruc") == 200
    assert _status(office, "canbo2", "canh-dong-lua-chin") == 200
    assert "demo accounts disabled" in office.log_text
    assert "canbo2" not in office.log_text.split("demo accounts disabled")[1].splitlines()[0]


def test_demo_mode_keeps_them(demo):
    for name in ("canbo1", "giamsat", "quantri", "kiosk1", "display1"):
        assert _status(demo, name, name) == 200


@pytest.mark.parametrize(("value", "demo"), [(None, True), ("false", False)])
def test_the_one_pc_backend_runs_demo_only_when_the_office_wants(
        tmp_path, monkeypatch, value, demo):
    import httpx

    import main

    if value is not None:
        monkeypatch.setenv("COUNTER_APP_EMBEDDED_DEMO", value)
    monkeypatch.setattr("counter_app.paths.data_dir", lambda: tmp_path)
    start, embedded = main._backend_starter(type("Args", (), {"backend": None})(),
                                            S.Settings(tmp_path / "settings.json"))
    try:
        url, label = start()
        assert httpx.get(url + "/api/v1/health", timeout=10).json()["demo"] is demo
        assert ("dữ liệu mẫu" in label) is demo
    finally:
        for backend in embedded:
            backend.stop()
