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


def _by_counter(stats: dict) -> dict:
    return {c["counter"]: c for c in stats["digitisation"].get("by_counter", [])}


def test_the_indicators_by_receiving_counter(start_backend):
    """Two counters with different figures; a dossier taken for a ticket called at another
    counter counts for that counter, the one that served the citizen."""
    from tests.backend.queue_helpers import isolated_queue, issue, ok

    api = start_backend()
    with api.as_user("canbo1") as one, api.as_user("canbo2") as two, \
            api.as_user("giamsat") as supervisor, api.as_user("quantri") as admin, \
            api.as_user("kiosk1") as kiosk:
        me_one, me_two = one.get("/auth/me").json(), two.get("/auth/me").json()
        n1, n2 = me_one["counter_no"], me_two["counter_no"]
        assert n1 != n2
        before = _by_counter(_stats(supervisor))
        card = matched_card(one.get("/demo/cards").json())
        a, b = (new_dossier(one, card)["code"] for _ in range(2))
        c = new_dossier(two, card)["code"]
        _store(one, a, b"%PDF-1.7 counter one, first paper", 3)
        _store(one, b, b"%PDF-1.7 counter one, second paper", 1)
        # A ticket called at a third counter, whose dossier canbo1 writes up.
        code, (third,) = isolated_queue(admin)
        ticket = ok(issue(kiosk, code), 201)
        ok(one.post(f"/queue/counters/{third}/call-next"))
        new_dossier(one, card, ticket_id=ticket["id"])
        after = _stats(supervisor)
    rows = _by_counter(after)

    def delta(no: int, key: str) -> int:
        return rows[no][key] - before.get(no, {}).get(key, 0)

    assert (delta(n1, "dossiers"), delta(n1, "digitised"), delta(n1, "components"),
            delta(n1, "pages")) == (2, 2, 2, 4)
    assert (delta(n2, "dossiers"), delta(n2, "digitised")) == (1, 0)
    assert delta(third, "dossiers") == 1
    assert c
    values = dict(digitisation_table(StatsReport.from_json(after)).rows)
    key = f"Quầy số {n1}: số hóa đủ / tiếp nhận; thành phần (dùng lại)"
    assert values[key].startswith(f"{rows[n1]['digitised']} / {rows[n1]['dossiers']}")
