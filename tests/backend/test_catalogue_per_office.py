"""One procedure catalogue per server, offices switch procedures on and off for
themselves (issue 12, item 1), attacked over real HTTP as it was found: office B's
admin tried to rename A's procedures, set a fee of 99,000,000 đ and 365 days, and disable
one; the audit row went only to B's log."""

from __future__ import annotations

import subprocess
import sys

from tests.backend.dossier_helpers import matched_card, new_dossier
from tests.backend.test_office_isolation import offices  # noqa: F401 - fixture

PROC = "1.009994"


def _procs(client) -> dict[str, dict]:
    r = client.get("/procedures")
    assert r.status_code == 200, r.text
    return {p["code"]: p for p in r.json()}


def test_another_offices_admin_cannot_rewrite_the_catalogue(offices):  # noqa: F811
    _, c, _ = offices
    before = _procs(c["canbo1"])[PROC]
    attack = [{**{k: before[k] for k in ("code", "field", "processing_unit")},
               "name": "Thủ tục bị sửa", "fee": 99_000_000, "processing_days": 365,
               "documents": [{"name": "Giấy tờ", "required": True}],
               "result_delivery": ["counter"], "active": False}]
    r = c["hk_quantri"].post("/admin/procedures/import", json=attack)
    assert r.status_code == 403 and "đơn vị vận hành máy chủ" in r.json()["detail"]
    after = _procs(c["canbo1"])[PROC]
    assert (after["name"], after["fee"], after["processing_days"]) == (
        before["name"], before["fee"], before["processing_days"])


def test_switching_a_procedure_off_touches_only_ones_own_office(offices):  # noqa: F811
    _, c, _ = offices
    b_admin = c["hk_quantri"]
    r = b_admin.put(f"/admin/procedures/{PROC}/offered", json={"offered": False})
    assert r.status_code == 200 and r.json()["offered"] is False
    try:
        assert PROC not in _procs(c["hk_canbo"])
        card = matched_card(c["hk_canbo"].get("/demo/cards").json())
        refused = c["hk_canbo"].post("/dossiers", headers={"Idempotency-Key": "x" * 32}, json={
            "procedure_code": PROC, "applicant": new_dossier(c["canbo1"], card)["applicant"],
            "identity_outcome": "matched", "documents": [], "sets": 1,
            "result_delivery": "counter", "note": None})
        assert refused.status_code == 422
        # office A still offers it and receives dossiers for it
        assert PROC in _procs(c["canbo1"])
        assert new_dossier(c["canbo1"], card, PROC)["procedure"]["code"] == PROC
        listing = {p["code"]: p for p in b_admin.get("/admin/procedures").json()}
        assert listing[PROC]["offered"] is False  # B's admin can switch it on again
        b_log = c["hk_quantri"].get("/admin/audit", params={"code": PROC}).json()
        assert b_log[0]["action"] == "procedure.switched"
        a_log = c["quantri"].get("/admin/audit", params={"code": PROC}).json()
        assert not any(e["action"] == "procedure.switched" for e in a_log)
        assert b_admin.put("/admin/procedures/NO.SUCH/offered", json={"offered": True}).status_code \
            == 404
    finally:
        assert b_admin.put(f"/admin/procedures/{PROC}/offered", json={"offered": True}).status_code \
            == 200


def test_the_operator_imports_for_every_office_and_both_logs_say_so(offices,  # noqa: F811
                                                                     tmp_path):
    api, c, _ = offices
    before = _procs(c["canbo1"])[PROC]
    row = {**{k: before[k] for k in ("code", "field", "processing_unit", "processing_days",
                                     "fee", "result_delivery")},
           "name": before["name"] + " (cập nhật)",
           "documents": [{"name": "Tờ khai", "required": True}]}
    import json

    f = tmp_path / "catalogue.json"
    f.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "backend", "admin", "--database",
                           str(api.backend.database_path), "procedures", "import", str(f)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert _procs(c["hk_canbo"])[PROC]["name"].endswith("(cập nhật)")
    for admin in ("quantri", "hk_quantri"):
        rows = c[admin].get("/admin/audit", params={"user": "cli"}).json()
        assert any(r["action"] == "procedure.import" for r in rows), admin
