"""Retention of personal data (issue 12, item 10): with a period set, the applicant's and
collector's data of dossiers closed longer ago is removed, open dossiers and recent ones
keep theirs, the status page and the statistics still work, and the audit log says how
many were cleared. The clock is injected: the purge runs "N years later"."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx

from backend.db import Database
from backend.dossiers import retention
from tests.backend.dossier_helpers import matched_card, new_dossier, step


def _returned(clerk, card) -> dict:
    d = new_dossier(clerk, card, note="Ông Nguyễn Văn Chứng gọi lại số 0912345678")
    for s in ("processing", "ready"):
        assert step(clerk, d["code"], s).status_code == 200
    body = {"collector": {"id_number": "001190004321", "full_name": "Trần Thị Bình",
                          "relation": "authorized"}, "identity_outcome": "matched"}
    r = clerk.post(f"/dossiers/{d['code']}/return", json=body,
                   headers={"Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 200, r.text
    return r.json()


def test_personal_data_of_old_closed_dossiers_goes_and_statistics_stay(start_backend, cards):
    api = start_backend()
    card = matched_card(cards)
    with api.as_user("canbo1") as clerk, api.as_user("quantri") as admin, \
            api.as_user("giamsat") as supervisor:
        closed = _returned(clerk, card)
        cancelled = new_dossier(clerk, card)
        assert clerk.post(f"/dossiers/{cancelled['code']}/stop", json={
            "kind": "withdrawn", "reason": "công dân rút hồ sơ"}).status_code == 200
        still_open = new_dossier(clerk, card)
        today = datetime.now(UTC).date().isoformat()
        before = supervisor.get("/stats", params={"from": today, "to": today,
                                                  "by": "procedure"}).json()

        set_years = admin.put("/admin/office", json={"personal_data_years": 5})
        assert set_years.status_code == 200 and set_years.json()["personal_data_years"] == 5
        db = Database(f"sqlite:///{api.backend.database_path}")
        try:
            assert retention.purge(db, datetime.now(UTC) + timedelta(days=4 * 365)) == {}
            done = retention.purge(db, datetime.now(UTC) + timedelta(days=5 * 365 + 2))
        finally:
            db.dispose()
        assert done == {"HN-BADINH": 2}

        for code in (closed["code"], cancelled["code"]):
            d = clerk.get(f"/dossiers/{code}").json()
            assert d["personal_data_removed"] is True
            assert d["applicant"]["full_name"] == retention.REMOVED
            assert card["payload"].split("|")[0] not in str(d)
            assert "0912345678" not in str(d) and "Chứng" not in str(d)
        returned = clerk.get(f"/dossiers/{closed['code']}").json()["returned"]
        assert "Bình" not in str(returned)
        kept = clerk.get(f"/dossiers/{still_open['code']}").json()
        assert kept["personal_data_removed"] is False
        assert kept["applicant"]["id_number"] == card["payload"].split("|")[0]

        page = httpx.get(closed["tracking_url"], timeout=5)
        assert page.status_code == 200 and closed["code"] in page.text
        after = supervisor.get("/stats", params={"from": today, "to": today,
                                                 "by": "procedure"}).json()
        for figures in (before, after):
            figures.pop("generated_at")
        assert after == before
        rows = supervisor.get("/admin/audit", params={"user": "cli", "limit": 5}).json()
        assert rows[0]["action"] == "retention.removed" and rows[0]["detail"]["dossiers"] == 2


def test_zero_years_keeps_everything_and_bad_values_are_refused(start_backend, cards):
    api = start_backend()
    with api.as_user("canbo1") as clerk, api.as_user("quantri") as admin:
        closed = _returned(clerk, matched_card(cards))
        assert admin.put("/admin/office", json={"personal_data_years": 101}).status_code == 422
        assert admin.put("/admin/office", json={"personal_data_years": 0}).status_code == 200
        db = Database(f"sqlite:///{api.backend.database_path}")
        try:
            assert retention.purge(db, datetime.now(UTC) + timedelta(days=50 * 365)) == {}
        finally:
            db.dispose()
        assert clerk.get(f"/dossiers/{closed['code']}").json()["personal_data_removed"] is False
