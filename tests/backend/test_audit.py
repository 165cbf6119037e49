"""The audit log (issue 7): every receipt, status step, return, form, lease, catalogue
import, calendar change and account change leaves one row naming who did it, written
with the change itself; rows carry no applicant's name, ID number or address; only
supervisors and admins read them, and the server's command line too."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

from tests.backend.dossier_helpers import applicant, matched_card, new_dossier, step
from tests.backend.offline_helpers import lease, offline_body, post_offline, today
from tests.backend.test_forms import supplement

FORBIDDEN = "Tài khoản không có quyền thực hiện thao tác này."


def _key() -> dict:
    return {"Idempotency-Key": uuid.uuid4().hex}


def _rows(client, **params) -> list[dict]:
    r = client.get("/admin/audit", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_each_change_leaves_one_row_with_its_author_and_no_personal_data(start_backend,
                                                                         cards):
    api = start_backend()
    card = matched_card(cards)
    with api.as_user("canbo1") as clerk, api.as_user("quantri") as admin:
        created = clerk.post("/dossiers", headers=_key(), json={
            "procedure_code": "1.009994", "applicant": applicant(card),
            "identity_outcome": "matched", "documents": [], "sets": 1,
            "result_delivery": "counter", "note": None})
        assert created.status_code == 201
        d = created.json()
        for s in ("processing", "ready"):
            # A note may name someone: it stays out of the log.
            noted = step(clerk, d["code"], s, note=f"Gọi {d['applicant']['full_name']}")
            assert noted.status_code == 200
        assert step(clerk, d["code"], "processing").status_code == 409  # refused: no row
        collector = {"id_number": "001190004321", "full_name": "Trần Thị Bình",
                     "relation": "authorized"}
        assert clerk.post(f"/dossiers/{d['code']}/return", headers=_key(), json={
            "collector": collector, "identity_outcome": "matched"}).status_code == 200
        sup = clerk.post("/supplements", json=supplement(card), headers=_key()).json()
        ref = clerk.post("/refusals", headers=_key(), json={
            "procedure_code": "1.003003", "applicant": {"full_name": d["applicant"]["full_name"]},
            "reason": "Không thuộc thẩm quyền"}).json()
        held = lease(clerk, size=2).json()
        # Every counter receipt carries a leased number: sent at once it was received
        # online; sent 90 s after its receipt time it waited in the counter's outbox.
        leased = post_offline(clerk, offline_body(card, held["id"], held["first"],
                                                  datetime.now(UTC))).json()
        off = post_offline(clerk, offline_body(card, held["id"], held["last"],
                                               datetime.now(UTC) - timedelta(seconds=90))
                           ).json()
        assert admin.put("/admin/calendar", json={
            "extra_days_off": ["2030-12-31"], "extra_working_days": [],
            "office_hours": [["07:30", "11:30"], ["13:30", "17:00"]]}).status_code == 200
        assert admin.post("/admin/procedures/import", json=[
            {"code": "9.990009", "name": "Thử nhật ký", "field": "Hộ tịch",
             "processing_days": 1}]).status_code == 200
        assert admin.post("/admin/users", json={
            "username": "canbo9", "full_name": "Vũ Văn Chín", "role": "clerk",
            "password": "chin-bong-sen"}).status_code == 201
        assert admin.put("/admin/users/canbo9", json={"role": "supervisor",
                                                      "password": "muoi-bong-cuc"}).status_code == 200

        rows = _rows(admin, limit=1000)
        raw = admin.get("/admin/audit", params={"limit": 1000}).text

    got = {(r["action"], r["code"], r["user"]) for r in rows}
    expected = {
        ("dossier.received", d["code"], "canbo1"),
        ("dossier.status", d["code"], "canbo1"),
        ("dossier.returned", d["code"], "canbo1"),
        ("supplement.created", sup["number"], "canbo1"),
        ("refusal.created", ref["number"], "canbo1"),
        ("lease.created", f"lease-{held['id']}", "canbo1"),
        ("dossier.received", leased["code"], "canbo1"),
        ("dossier.received_offline", off["code"], "canbo1"),
        ("calendar.changed", None, "quantri"),
        ("procedure.import", None, "quantri"),
        ("user.created", "canbo9", "quantri"),
        ("user.changed", "canbo9", "quantri"),
    }
    assert expected <= got, expected - got
    steps = [r["detail"] for r in rows if r["action"] == "dossier.status"]
    assert sorted((s["from"], s["to"]) for s in steps) == [("processing", "ready"),
                                                           ("received", "processing")]
    received = next(r for r in rows if r["action"] == "dossier.received" and r["code"] == d["code"])
    assert received["request_id"] == created.headers["x-request-id"]
    assert received["ip"] == "127.0.0.1"
    assert received["detail"]["procedure"] == "1.009994"
    offline_row = next(r for r in rows if r["action"] == "dossier.received_offline")
    assert offline_row["detail"]["lease_id"] == held["id"] and offline_row["code"] == off["code"]
    assert "arrived_at" in offline_row["detail"]
    leased_row = next(r for r in rows if r["code"] == leased["code"])
    assert leased_row["action"] == "dossier.received"
    assert leased_row["detail"]["lease_id"] == held["id"] and "arrived_at" not in leased_row["detail"]
    assert ("dossier.received_offline", leased["code"], "canbo1") not in got
    changed = next(r for r in rows if r["action"] == "user.changed")["detail"]
    assert changed["fields"] == ["password", "role"] and "muoi-bong-cuc" not in raw
    # Nothing that names the applicant or the collector, in the API or in the table.
    con = sqlite3.connect(api.backend.database_path)
    table = json.dumps(con.execute("SELECT * FROM audit_log").fetchall(), ensure_ascii=False)
    con.close()
    for secret in (d["applicant"]["id_number"], d["applicant"]["full_name"],
                   d["applicant"]["address"], collector["id_number"],
                   collector["full_name"], d["applicant"]["phone"]):
        assert secret not in raw and secret not in table


def test_only_supervisors_and_admins_read_it_with_filters(start_backend, cards):
    api = start_backend()
    with api.as_user("canbo1") as clerk, api.as_user("giamsat") as supervisor:
        a = new_dossier(clerk, matched_card(cards))
        b = new_dossier(clerk, matched_card(cards))
        step(clerk, a["code"], "processing")
        denied = clerk.get("/admin/audit")
        assert denied.status_code == 403 and denied.json()["detail"] == FORBIDDEN

        by_code = _rows(supervisor, code=a["code"])
        assert [r["action"] for r in by_code] == ["dossier.status", "dossier.received"]
        assert all(r["user"] == "canbo1" for r in by_code)
        assert _rows(supervisor, user="canbo2") == []
        assert {r["code"] for r in _rows(supervisor, user="canbo1")} >= {a["code"], b["code"]}
        t = today()
        assert len(_rows(supervisor, date_from=t.isoformat(), date_to=t.isoformat())) >= 3
        assert _rows(supervisor, date_from=(t + timedelta(days=1)).isoformat()) == []
        assert _rows(supervisor, date_to=(t - timedelta(days=1)).isoformat()) == []
        assert len(_rows(supervisor, limit=1)) == 1
        newest = _rows(supervisor)
        assert newest == sorted(newest, key=lambda r: r["id"], reverse=True)


def test_command_line_steps_are_logged_as_cli_and_readable_there(start_backend, cards):
    api = start_backend()
    with api.as_user("canbo1") as clerk:
        d = new_dossier(clerk, matched_card(cards))
    db = str(api.backend.database_path)

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "backend", *args], capture_output=True,
                              text=True, timeout=60)

    done = cli("dossier", "advance", d["code"], "processing", "--database", db)
    assert done.returncode == 0, done.stderr
    shown = cli("admin", "--database", db, "audit", "--code", d["code"])
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].split() == ["at", "user", "action", "code", "detail"]
    assert "cli" in lines[1] and "dossier.status" in lines[1]
    assert "canbo1" in lines[2] and "dossier.received" in lines[2]
    assert d["applicant"]["id_number"] not in shown.stdout
    with api.as_user("quantri") as admin:
        assert [r["action"] for r in _rows(admin, user="cli")] == ["dossier.status"]
