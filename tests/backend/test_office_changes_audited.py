"""Offices on one server (issue 12, items 2 and 9): an admin cannot take another office's
agency code (and so its dossier numbers); office changes, dossier views, ledger exports
and eID checks each leave an audit row in the acting office's own log (real HTTP)."""

from __future__ import annotations

from tests.backend.dossier_helpers import matched_card, new_dossier
from tests.backend.test_office_isolation import offices  # noqa: F401 - fixture


def _log(client, **params) -> list[dict]:
    r = client.get("/admin/audit", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_an_admin_cannot_take_another_offices_agency_code(offices):  # noqa: F811
    _, c, _ = offices
    a_code = c["quantri"].get("/admin/office").json()["agency_code"]
    taken = c["hk_quantri"].put("/admin/office", json={"agency_code": a_code})
    assert taken.status_code == 409
    assert "đã thuộc về một cơ quan khác" in taken.json()["detail"]
    assert c["hk_quantri"].get("/admin/office").json()["agency_code"] == "000.00.18.H01"
    # office A still numbers its dossiers on its own sequence
    card = matched_card(c["canbo1"].get("/demo/cards").json())
    assert new_dossier(c["canbo1"], card)["code"].startswith(a_code + "-")


def test_office_changes_are_audited_with_old_and_new_values(offices):  # noqa: F811
    _, c, _ = offices
    b = c["hk_quantri"]
    before = b.get("/admin/office").json()["public_base_url"]
    r = b.put("/admin/office", json={"public_base_url": "https://tracuu.example.vn"})
    assert r.status_code == 200, r.text
    row = _log(b, code="HN-HOANKIEM")[0]
    assert row["action"] == "office.changed" and row["user"] == "hk_quantri"
    assert row["detail"]["public_base_url"] == [before, "https://tracuu.example.vn"]
    assert not any(e["action"] == "office.changed" for e in _log(c["quantri"]))


def test_reads_of_personal_data_are_audited(offices):  # noqa: F811
    _, c, data = offices
    clerk, code = c["hk_canbo"], data["b_dossier"]["code"]
    assert clerk.get(f"/dossiers/{code}").status_code == 200
    token = data["b_dossier"]["tracking_token"]
    assert clerk.get(f"/dossiers/by-token/{token}").status_code == 200
    assert clerk.get("/ledger", params={"format": "csv"}).status_code == 200
    card = data["b_dossier"]["applicant"]
    checked = clerk.post("/identity/verify", json={
        "id_number": card["id_number"], "full_name": card["full_name"],
        "date_of_birth": card["date_of_birth"], "sex": card["sex"]})
    assert checked.status_code == 200, checked.text
    rows = _log(c["hk_giamsat"], user="hk_canbo", limit=10)
    actions = [(r["action"], r["code"], r["detail"].get("via")) for r in rows]
    assert ("dossier.viewed", code, "code") in actions
    assert ("dossier.viewed", code, "receipt_qr") in actions
    assert any(a == "ledger.exported" for a, _, _ in actions)
    checks = [r for r in rows if r["action"] == "identity.checked"]
    assert checks and checks[0]["detail"]["outcome"] == "matched"
    assert card["id_number"] not in str(rows) and card["full_name"] not in str(rows)
