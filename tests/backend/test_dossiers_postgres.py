"""The issue-5 write paths on PostgreSQL: status steps (row lock), return, calendar
change, catalogue import, ledger and the public lookup."""

from __future__ import annotations

import io
import uuid

import httpx
import openpyxl

from tests.backend.dossier_helpers import matched_card, new_dossier, step


def test_lifecycle_calendar_ledger_and_lookup_on_postgresql(start_backend, postgres_url, cards):
    api = start_backend("--database", postgres_url)
    with api.as_user("canbo1") as clerk, api.as_user("quantri") as admin:
        d = new_dossier(clerk, matched_card(cards))
        for s in ("processing", "ready"):
            assert step(clerk, d["code"], s).status_code == 200
        assert step(clerk, d["code"], "processing").status_code == 409
        body = {"collector": {"id_number": "001190004321", "full_name": "Trần Thị Bình",
                              "relation": "authorized"}, "identity_outcome": "matched"}
        key = {"Idempotency-Key": uuid.uuid4().hex}
        out = clerk.post(f"/dossiers/{d['code']}/return", json=body, headers=key)
        assert out.status_code == 200 and out.json()["returned"]["collector_id_masked"]
        assert clerk.post(f"/dossiers/{d['code']}/return", json=body,
                          headers=key).json() == out.json()

        cal = {"extra_days_off": ["2026-12-31"], "extra_working_days": ["2027-01-09"],
               "office_hours": [["07:00", "11:30"], ["13:30", "17:00"]]}
        assert admin.put("/admin/calendar", json=cal).status_code == 200
        got = clerk.get("/calendar").json()
        # The answer also carries the official tables and reception sessions (issue 15).
        assert {k: got[k] for k in cal} == cal
        imported = admin.post("/admin/procedures/import", json=[
            {"code": "9.990001", "name": "Thử PG", "field": "Hộ tịch", "processing_days": 1}])
        assert imported.json() == {"created": 1, "updated": 0, "errors": []}

        x = clerk.get("/ledger", params={"format": "xlsx"})
        rows = list(openpyxl.load_workbook(io.BytesIO(x.content)).worksheets[0]
                    .iter_rows(values_only=True))
        assert any(r[1] == d["code"] for r in rows[1:])
    page = httpx.post(f"{api.base_url}/tra-cuu", data={"ma_ho_so": d["code"],
                                                       "so_dien_thoai": "5678"})
    assert page.status_code == 200 and "Đã trả kết quả" in page.text


def test_statutory_steps_on_postgresql(start_backend, postgres_url, cards):
    """Issue 15 on PostgreSQL: hand-over, the one extension, the due list, a stop."""
    from datetime import datetime, timedelta

    api = start_backend("--database", postgres_url)
    with api.as_user("canbo1") as clerk:
        d = new_dossier(clerk, matched_card(cards))
        code = d["code"]

        def post(what: str, body: dict):
            return clerk.post(f"/dossiers/{code}/{what}", json=body,
                              headers={"Idempotency-Key": uuid.uuid4().hex})

        assert post("handovers", {"to_unit": "Phòng Tư pháp"}).json()["current_unit"] \
            == "Phòng Tư pháp"
        new_due = datetime.fromisoformat(d["due_at"]) + timedelta(days=14)
        while new_due.weekday() >= 5:
            new_due += timedelta(days=1)
        moved = post("extension", {"reason": "Chờ ý kiến phối hợp", "new_due_at":
                                   new_due.isoformat()})
        assert moved.status_code == 200 and moved.json()["extensions"] == 1, moved.text
        again = post("extension", {"reason": "Lần hai", "new_due_at":
                                   (new_due + timedelta(days=7)).isoformat()})
        assert again.status_code == 409
        assert clerk.get("/dossiers/due").status_code == 200
        stopped = post("stop", {"kind": "stopped", "reason": "Dừng theo quy định pháp luật"})
        assert stopped.json()["portal_status"] == 8
        rows = clerk.get(f"/dossiers/{code}/control").json()["rows"]
        assert [r["to_unit"] for r in rows] == ["Phòng Tư pháp"]
