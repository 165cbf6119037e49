"""Decision 766's digitisation indicators in the statistics (issue 14, item 8), over real
HTTP: dossiers with every component digitised, the share of components, reused files."""

from __future__ import annotations

import hashlib

from counter_app.client.stats import StatsReport, digitisation_table
from counter_app.domain.clock import office_today
from tests.backend.dossier_helpers import matched_card, new_dossier


def _stats(client) -> dict:
    today = office_today().isoformat()
    r = client.get("/stats", params={"from": today, "to": today, "by": "day"})
    assert r.status_code == 200, r.text
    return r.json()


def _store(client, code: str, data: bytes, pages: int) -> None:
    sha = hashlib.sha256(data).hexdigest()
    client.put(f"/dossiers/{code}/uploads/{sha}", content=data,
               headers={"Content-Type": "application/octet-stream"})
    r = client.post(f"/dossiers/{code}/files", json={
        "component": "Tờ khai CT01", "sha256": sha, "size": len(data), "pages": pages})
    assert r.status_code == 201, r.text


def test_digitised_dossiers_components_and_reuse_are_counted(start_backend):
    api = start_backend()
    with api.as_user("canbo1") as clerk, api.as_user("giamsat") as supervisor:
        before = _stats(supervisor)["digitisation"]
        card = matched_card(clerk.get("/demo/cards").json())
        first, second, third = (new_dossier(clerk, card)["code"] for _ in range(3))
        paper = b"%PDF-1.7 the citizen's birth certificate, scanned"
        _store(clerk, first, paper, 2)
        _store(clerk, second, paper, 2)  # the same paper again: reused, not stored twice
        after = _stats(supervisor)
    g = after["digitisation"]
    assert g["dossiers"] - before["dossiers"] == 3
    assert g["dossiers_digitised"] - before["dossiers_digitised"] == 2
    assert g["components_digitised"] - before["components_digitised"] == 2
    assert g["files_reused"] - before["files_reused"] == 1
    assert g["pages"] - before["pages"] == 4
    today = next(d for d in g["by_day"] if d["day"] == office_today().isoformat())
    assert today["digitised"] >= 2 and today["dossiers"] >= 3
    clerk_row = next(c for c in g["by_clerk"] if c["components"] >= 2)
    assert clerk_row["pages"] >= 4

    table = digitisation_table(StatsReport.from_json(after))  # what the dashboard shows
    values = dict(table.rows)
    assert values["Hồ sơ số hóa đủ thành phần"] == g["dossiers_digitised"]
    assert values["Tệp tái sử dụng"] == g["files_reused"]
    assert values["Tỷ lệ hồ sơ số hóa (%)"] == round(g["dossiers_rate"] * 100, 1)
    assert third  # the third dossier has nothing digitised: it counts in dossiers only
