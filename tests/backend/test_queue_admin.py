"""Admin changes over HTTP take effect at once (no restart) and announce office_changed;
the admin CLI changes the database."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.backend.queue_helpers import issue, ok
from tests.backend.sse import SseReader


@pytest.fixture(scope="module")
def admin(demo):
    with demo.as_user("quantri") as c:
        yield c


def test_office_and_strategy_changes_apply_without_restart(demo, admin, clerk):
    display = demo.login("display1")
    with SseReader(demo.base_url + "/api/v1", display) as live:
        before = ok(admin.get("/admin/office"))
        assert before["queue_strategy"]["mode"] in ("strict", "interleaved")
        out = ok(admin.put("/admin/office", json={
            "hotline": "1900 0000", "public_base_url": "https://motcua.example.vn/",
            "queue_strategy": {"mode": "interleaved", "ratio": 3}}))
        assert out["queue_strategy"] == {"mode": "interleaved", "ratio": 3}
        assert out["public_base_url"] == "https://motcua.example.vn"
        live.next("office_changed")
    with demo.client() as anon:
        office = anon.get("/health").json()["office"]
    assert office["hotline"] == "1900 0000"
    assert office["public_base_url"] == "https://motcua.example.vn"
    bad = admin.put("/admin/office", json={"agency_code": "không hợp lệ"})
    assert bad.status_code == 422 and "Mã định danh" in bad.json()["detail"]
    assert admin.put("/admin/office", json={"queue_strategy": {"mode": "fifo"}}).status_code \
        == 422
    # The demo server is shared with the other test modules: put everything back.
    ok(admin.put("/admin/office", json={k: before[k] for k in (
        "hotline", "public_base_url", "queue_strategy")}))


def test_services_counters_users(demo, admin):
    ok(admin.post("/admin/services", json={"code": "AD1", "name": "Thử quản trị",
                                           "prefix": "Q", "daily_cap": 5}), 201)
    assert admin.post("/admin/services", json={"code": "AD2", "name": "Trùng ký hiệu",
                                               "prefix": "Q"}).status_code == 409
    assert admin.post("/admin/services", json={"code": "AD3", "name": "Sai dải", "prefix": "R",
                                               "number_start": 9, "number_end": 2}
                      ).status_code == 422
    with demo.as_user("kiosk1") as kiosk:
        assert ok(issue(kiosk, "AD1"), 201)["number"] == "Q001"
        ok(admin.put("/admin/services/AD1", json={"prefix": "QA", "number_start": 500}))
        assert ok(issue(kiosk, "AD1"), 201)["number"] == "QA501"  # the day's count goes on
        assert "AD1" in {s["code"] for s in kiosk.get("/queue/services").json()}
        ok(admin.put("/admin/services/AD1", json={"active": False}))
        assert "AD1" not in {s["code"] for s in kiosk.get("/queue/services").json()}
    assert admin.put("/admin/services/NOPE", json={"name": "x"}).status_code == 404

    c = ok(admin.post("/admin/counters", json={"no": 77, "service_codes": ["HT", "KD"]}), 201)
    assert (c["name"], c["service_codes"], c["state"]) == ("Quầy số 77", ["HT", "KD"], "open")
    assert admin.post("/admin/counters", json={"no": 77}).status_code == 409
    c = ok(admin.put("/admin/counters/77", json={"service_codes": ["DD"], "state": "closed"}))
    assert c["service_codes"] == ["DD"] and c["state"] == "closed"
    assert admin.put("/admin/counters/77", json={"service_codes": ["ZZ"]}).status_code == 422

    ok(admin.post("/admin/users", json={"username": "canbo77", "full_name": "Lý Văn Bảy",
                                        "role": "clerk", "password": "bay-canh-dieu",
                                        "counter_no": 77}), 201)
    with demo.as_user_pw("canbo77", "bay-canh-dieu") as newbie:
        assert newbie.get("/auth/me").json()["counter_no"] == 77
        ok(admin.put("/admin/users/canbo77", json={"password": "tam-canh-buom",
                                                   "role": "supervisor"}))
        assert newbie.get("/auth/me").status_code == 401  # reset ends old sessions
    with demo.as_user_pw("canbo77", "tam-canh-buom") as again:
        assert again.get("/auth/me").json()["role"] == "supervisor"
    ok(admin.put("/admin/users/canbo77", json={"active": False}))
    with demo.client() as anon:
        assert anon.post("/auth/login", json={"username": "canbo77",
                                              "password": "tam-canh-buom"}).status_code == 401
    assert admin.put("/admin/users/quantri", json={"active": False}).status_code == 409
    assert admin.post("/admin/users", json={"username": "x", "full_name": "x", "role": "clerk",
                                            "password": "123"}).status_code == 422
    users = {u["username"]: u for u in ok(admin.get("/admin/users"))}
    assert users["kiosk1"]["role"] == "kiosk" and users["canbo77"]["active"] is False


class _Run:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def cli(capsys):
    """In-process, as `counter-app admin ...` calls it: backend.cli.main(["admin", ...])."""
    from backend.cli import main

    def run(db, *args: str) -> _Run:
        try:
            code = main(["admin", "--database", str(db), *args])
        except SystemExit as exc:  # argparse refusing the command line
            code = exc.code
        out = capsys.readouterr()
        return _Run(code, out.out, out.err)

    return run


def test_cli_changes_the_database(start_backend, tmp_path, cli):
    db = tmp_path / "backend.sqlite3"  # where the embedded backend below looks
    empty = subprocess.run([sys.executable, "-m", "backend", "admin", "--database", str(db),
                            "office", "show"], capture_output=True, text=True, timeout=60)
    assert empty.returncode == 1 and "office init" in empty.stderr
    assert cli(db, "office", "init", "--code", "HN-X", "--name", "UBND xã X",
                "--agency-code", "000.00.17.H99").returncode == 0
    assert cli(db, "office", "set", "hotline", "0243 999 999").returncode == 0
    assert cli(db, "office", "set", "agency_code", "xx").returncode == 1
    assert cli(db, "service", "add", "HT", "--name", "Hộ tịch", "--prefix", "A",
                "--cap", "50").returncode == 0
    dup = cli(db, "service", "add", "DD", "--name", "Đất đai", "--prefix", "A")
    assert dup.returncode == 1 and "Ký hiệu A" in dup.stderr
    assert cli(db, "counter", "add", "1", "--services", "HT").returncode == 0
    assert cli(db, "counter", "set", "1", "--services", "ZZ").returncode == 1
    assert cli(db, "user", "add", "quantri", "--full-name", "Quản trị", "--role", "admin",
                "--password", "song-hong-mua-thu").returncode == 0
    assert cli(db, "user", "add", "may1", "--full-name", "Máy lấy số", "--role", "kiosk",
                "--password", "ngan").returncode == 1
    assert cli(db, "user", "add", "canbo1", "--full-name", "Cán bộ", "--role", "clerk",
                "--counter", "1", "--password", "dong-lua-chin-vang").returncode == 0
    assert cli(db, "user", "set-role", "canbo1", "supervisor").returncode == 0
    assert cli(db, "user", "set-password", "canbo1",
               "--password", "que-huong-xanh-mat").returncode == 0
    assert cli(db, "queue-strategy", "interleaved", "--ratio", "3").returncode == 0
    assert cli(db, "queue-strategy", "interleaved", "--ratio", "0").returncode == 1
    assert cli(db, "service", "fly").returncode == 2
    listing = cli(db, "user", "list")
    assert "canbo1" in listing.stdout and "supervisor" in listing.stdout
    assert "interleaved" in cli(db, "office", "show").stdout

    api = start_backend(data_dir=tmp_path, demo=False)
    with api.as_user_pw("quantri", "song-hong-mua-thu") as admin:
        office = ok(admin.get("/admin/office"))
        assert office["hotline"] == "0243 999 999"
        assert office["queue_strategy"] == {"mode": "interleaved", "ratio": 3}
        assert [s["code"] for s in ok(admin.get("/admin/services"))] == ["HT"]
    with api.as_user_pw("canbo1", "que-huong-xanh-mat") as clerk:
        assert clerk.get("/auth/me").json()["role"] == "supervisor"
