"""Dossier codes as the law writes them now, over HTTP (issue 15 item 7): the resolving
agency's code and sequence, a 5-digit sequence past 9999, and agency codes closed by the
2025 mergers (the old code still finds its dossier, new ones take the successor)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from backend.cli import main
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.dossier_code import parse_dossier_code
from tests.backend.dossier_helpers import matched_card, new_dossier

LAND = "9.700001"  # imported below: resolved by the provincial land office (level-1 code)


@pytest.fixture
def office(start_backend):
    api = start_backend()
    with api.as_user("quantri") as admin, api.as_user("canbo1") as clerk:
        r = admin.post("/admin/procedures/import", json=[{
            "code": LAND, "name": "Đăng ký đất đai lần đầu (thử)", "field": "Đất đai",
            "processing_days": 10, "agency_code": "h56",
            "documents": "Đơn đăng ký|1|0|1"}])
        assert r.status_code == 200 and not r.json()["errors"], r.text
        card = matched_card(clerk.get("/demo/cards", params={"limit": 10}).json())
        yield api, clerk, card


def _db(api) -> str:
    return str(api.backend.database_path)


def _today() -> str:
    return datetime.now(OFFICE_TZ).strftime("%y%m%d")


def test_a_procedure_resolved_elsewhere_carries_that_agencys_code_and_sequence(office):
    api, clerk, card = office
    own = new_dossier(clerk, card)
    land = [new_dossier(clerk, card, procedure=LAND) for _ in range(2)]
    assert [d["code"] for d in land] == [f"H56-{_today()}-0001", f"H56-{_today()}-0002"]
    assert parse_dossier_code(own["code"]).agency_code != "H56"
    again = new_dossier(clerk, card)  # the office's own sequence went on unaffected
    assert parse_dossier_code(again["code"]).seq == parse_dossier_code(own["code"]).seq + 1
    procs = {p["code"]: p for p in clerk.get("/procedures").json()}
    assert procs[LAND]["agency_code"] == "H56"


def test_the_ten_thousandth_dossier_of_a_day_gets_five_digits(office):
    api, clerk, card = office
    day = datetime.now(OFFICE_TZ).date().isoformat()
    con = sqlite3.connect(_db(api))
    with con:
        con.execute("INSERT INTO dossier_sequences (agency_code, day, last_value) "
                    "VALUES ('H56', ?, 9999)", (day,))
    con.close()
    d = new_dossier(clerk, card, procedure=LAND)
    assert d["code"] == f"H56-{_today()}-10000"
    assert clerk.get(f"/dossiers/{d['code']}").json()["ledger_no"] == 10000


def test_a_closed_code_finds_its_dossiers_and_new_ones_take_the_successor(office, capsys):
    api, clerk, card = office
    old = new_dossier(clerk, card, procedure=LAND)
    yesterday = (datetime.now(OFFICE_TZ).date() - timedelta(days=1)).isoformat()
    db = _db(api)
    # Closed without a successor: the counter cannot number a dossier under it.
    assert main(["admin", "--database", db, "agency", "set", "H56", "--name", "Sở cũ",
                 "--to", yesterday]) == 0
    r = clerk.post("/dossiers", json={
        "procedure_code": LAND, "applicant": old["applicant"], "identity_outcome": "matched",
        "documents": [], "sets": 1, "result_delivery": "counter", "note": None},
        headers={"Idempotency-Key": "closed-agency-0001"})
    assert r.status_code == 409 and "hết hiệu lực" in r.json()["detail"]
    assert main(["admin", "--database", db, "agency", "set", "H56", "--to", yesterday,
                 "--successor", "G09"]) == 0
    new = new_dossier(clerk, card, procedure=LAND)
    assert new["code"] == f"G09-{_today()}-0001"
    found = clerk.get(f"/dossiers/{old['code']}")  # the old code still finds its dossier
    assert found.status_code == 200 and found.json()["code"].startswith("H56-")
    assert main(["admin", "--database", db, "agency", "list"]) == 0
    assert "H56\tSở cũ\tđến" in capsys.readouterr().out
    assert main(["admin", "--database", db, "agency", "set", "H56", "--successor",
                 "H56"]) == 1


def test_a_centralised_systems_code_is_looked_up_without_a_format_error(office):
    _, clerk, _ = office
    r = clerk.get("/dossiers/G09-260105-011234")
    assert r.status_code == 404 and "Không tìm thấy" in r.json()["detail"]
