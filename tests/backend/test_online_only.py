"""Online-only procedures (Directive 24/CT-TTg; issue 15, item 10), over real HTTP: the
backend refuses a paper dossier for them whatever the counter does, records the citizens
the counter helped to file on the portal (once per key), counts them in the statistics and
keeps each office's records to itself."""

from __future__ import annotations

import subprocess
import sys
import uuid

from counter_app.client.stats import StatsReport, online_assist_table
from counter_app.domain.clock import office_today
from tests.backend.dossier_helpers import applicant, matched_card
from tests.backend.queue_helpers import issue, ok
from tests.backend.test_office_isolation import add_second_office

TEMPORARY_RESIDENCE = "1.004222"
ONLINE_ONLY_DEMO = {"1.004194", "1.004222", "1.004227", "2.000488"}
TODAY = office_today().isoformat()


def _key() -> dict:
    return {"Idempotency-Key": uuid.uuid4().hex}


def _paper(clerk, card: dict, procedure: str):
    return clerk.post("/dossiers", headers=_key(), json={
        "procedure_code": procedure, "applicant": applicant(card),
        "identity_outcome": "matched", "documents": [], "sets": 1,
        "result_delivery": "counter", "note": None})


def _assist(client, key: str, portal_code: str, ticket_id: int | None = None,
            procedure: str = TEMPORARY_RESIDENCE):
    return client.post("/assisted-filings", headers={"Idempotency-Key": key}, json={
        "procedure_code": procedure, "portal_code": portal_code, "ticket_id": ticket_id})


def _stats(supervisor) -> dict:
    r = supervisor.get("/stats", params={"from": TODAY, "to": TODAY})
    assert r.status_code == 200, r.text
    return r.json()


def test_demo_catalogue_flags_residence_and_criminal_record(clerk):
    catalogue = {p["code"]: p for p in clerk.get("/procedures").json()}
    assert {c for c, p in catalogue.items() if p["online_only"]} == ONLINE_ONLY_DEMO
    assert catalogue["1.001193"]["online_only"] is False  # birth registration: paper too


def test_paper_dossier_for_an_online_only_procedure_is_refused(clerk, cards):
    card = matched_card(cards)
    before = clerk.get("/ledger", params={"date": TODAY, "format": "csv"})
    r = _paper(clerk, card, TEMPORARY_RESIDENCE)
    assert r.status_code == 409, r.text
    assert "Chỉ thị 24/CT-TTg" in r.json()["detail"] and "trực tuyến" in r.json()["detail"]
    after = clerk.get("/ledger", params={"date": TODAY, "format": "csv"})
    assert after.text == before.text  # nothing was numbered or written
    assert _paper(clerk, card, "1.001193").status_code == 201  # a paper procedure still is


def test_assisted_filing_is_stored_once_counted_and_kept_to_its_office(start_backend):
    api = start_backend()
    add_second_office(api.backend.database_path)
    with api.as_user("canbo1") as clerk, api.as_user("giamsat") as supervisor, \
            api.as_user("hk_canbo") as other_clerk, api.as_user("hk_giamsat") as other_sup:
        before = _stats(supervisor)["online_assist"]
        assert before["total"] == 0
        ticket = ok(issue(clerk, "HT"), 201)
        key = uuid.uuid4().hex
        first = _assist(clerk, key, "G22.105-260105-0001", ticket["id"])
        assert first.status_code == 201, first.text
        again = _assist(clerk, key, "G22.105-260105-0001", ticket["id"])  # a retry
        assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
        other_body = _assist(clerk, key, "G22.105-260105-0002", ticket["id"])
        assert other_body.status_code == 409  # the key names one record, not two

        record = clerk.get(f"/assisted-filings/{first.json()['id']}")
        assert record.status_code == 200
        assert record.json()["ticket_id"] == ticket["id"]
        assert record.json()["portal_code"] == "G22.105-260105-0001"
        assert record.json()["by"]["username"] == "canbo1"
        assert other_clerk.get(f"/assisted-filings/{first.json()['id']}").status_code == 404

        # Another office's ticket cannot be named; a code with a space is no code.
        theirs = ok(issue(other_clerk, "HT"), 201)
        assert _assist(clerk, uuid.uuid4().hex, "G22-1", theirs["id"]).status_code == 422
        assert _assist(clerk, uuid.uuid4().hex, "G22 105").status_code == 422
        assert _assist(clerk, uuid.uuid4().hex, "X" * 41).status_code == 422
        assert _assist(clerk, uuid.uuid4().hex, "ABC-123", None, "2.000488").status_code == 201

        report = _stats(supervisor)
        other_report = _stats(other_sup)
    a = report["online_assist"]
    assert a["total"] == 2  # the retry and the refused ones count nothing
    assert a["by_day"] == [{"day": TODAY, "count": 2}]
    by_code = {p["code"]: p["count"] for p in a["by_procedure"]}
    assert by_code == {TEMPORARY_RESIDENCE: 1, "2.000488": 1}
    assert other_report["online_assist"]["total"] == 0
    table = dict(online_assist_table(StatsReport.from_json(report)).rows)  # the dashboard's
    assert table["Tổng số lượt hỗ trợ"] == 2
    assert table["Đăng ký tạm trú (1.004222)"] == 1


def test_the_admin_sets_the_flag_by_import_and_on_the_command_line(demo, clerk, cards, tmp_path):
    row = {"code": "9.902401", "name": "Đăng ký thường trú (thử)", "field": "Cư trú",
           "processing_days": 7, "online_only": "có", "sample": True}
    with demo.as_user("quantri") as admin:
        r = admin.post("/admin/procedures/import", json=[row])
        assert r.status_code == 200, r.text
        bad = admin.post("/admin/procedures/import", json=[{**row, "online_only": "maybe"}])
        assert bad.status_code == 422 and "online_only" in bad.json()["detail"]
    catalogue = {p["code"]: p for p in clerk.get("/procedures").json()}
    assert catalogue["9.902401"]["online_only"] is True
    assert _paper(clerk, matched_card(cards), "9.902401").status_code == 409

    db = tmp_path / "cli.sqlite3"

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "backend", "admin", "--database", str(db),
                               *args], capture_output=True, text=True, timeout=60)

    assert cli("office", "init", "--code", "X", "--name", "UBND xã Thử",
               "--agency-code", "000.00.01.H99").returncode == 0
    catalogue_file = tmp_path / "catalogue.json"
    catalogue_file.write_text('[{"code": "9.902402", "name": "Khai báo tạm vắng (thử)", '
                              '"field": "Cư trú", "processing_days": 1}]', encoding="utf-8")
    assert cli("procedures", "import", str(catalogue_file)).returncode == 0
    done = cli("procedures", "online-only", "9.902402", "yes")
    assert done.returncode == 0, done.stderr
    assert "chỉ nộp trực tuyến" in done.stdout
    unknown = cli("procedures", "online-only", "9.999999", "yes")
    assert unknown.returncode == 1 and "Không có thủ tục" in unknown.stderr
    import sqlite3

    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT online_only FROM procedures WHERE code = '9.902402'"
                           ).fetchone() == (1,)
    finally:
        con.close()
