"""Revision 0002 on top of a demo database made by revision 0001: the queue demo data
arrives on the next start, nothing else is touched, and nothing is seeded twice."""

from __future__ import annotations

import sqlite3

from backend.migrations import HEAD
from backend.startup import MIGRATIONS


def test_head_constant_names_the_newest_revision():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_heads() == [HEAD]


def _make_0001_demo(path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from backend.db import Database
    from backend.security import hash_password

    db = Database(f"sqlite:///{path}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_initial")
        conn.execute(text("INSERT INTO offices (id, code, name, agency_code, parent_name, "
                          "address, hotline) VALUES (1, 'HN-BADINH', 'UBND phường Ba Đình', "
                          "'000.00.17.H01', '', '', '')"))
        for n in range(1, 5):
            conn.execute(text("INSERT INTO counters (office_id, number, name) "
                              "VALUES (1, :n, :name)"), {"n": n, "name": f"Quầy số {n}"})
        conn.execute(text("INSERT INTO users (office_id, username, full_name, role, "
                          "password_hash, counter_no, active) VALUES (1, 'canbo1', "
                          "'Nguyễn Thị Lan', 'clerk', :h, 1, 1)"), {"h": hash_password("canbo1")})
    db.dispose()


def _count(path, sql: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_0001_demo_database_gets_the_queue(start_backend, tmp_path):
    db = tmp_path / "backend.sqlite3"
    _make_0001_demo(db)
    first = start_backend(data_dir=tmp_path)
    with first.as_user("kiosk1") as kiosk:
        codes = [s["code"] for s in kiosk.get("/queue/services").json()]
        assert codes == ["HT", "DD", "KD", "TKQ"]
        assert kiosk.post("/queue/tickets", json={"service_code": "HT"},
                          headers={"Idempotency-Key": "migrated-0001"}).status_code == 201
    with first.as_user("canbo1") as clerk:
        counters = clerk.get("/queue/counters").json()
        assert [c["name"] for c in counters] == [f"Quầy số {n}" for n in range(1, 5)]
        assert all(c["service_codes"] for c in counters)
        assert clerk.post("/queue/counters/1/call-next").json()["number"] == "A001"
    first.backend.stop()
    counts = {t: _count(db, f"SELECT COUNT(*) FROM {t}") for t in
              ("offices", "counters", "users", "services", "counter_services")}
    assert counts["offices"] == 1 and counts["counters"] == 4 and counts["users"] == 3
    assert _count(db, "SELECT version_num FROM alembic_version") == HEAD

    start_backend(data_dir=tmp_path).backend.stop()
    assert counts == {t: _count(db, f"SELECT COUNT(*) FROM {t}") for t in counts}


def test_0003_gives_existing_dossiers_their_first_history_step(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from backend.db import Database
    from backend.startup import migrate

    path = tmp_path / "old.sqlite3"
    _make_0001_demo(path)
    db = Database(f"sqlite:///{path}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002_queue")
        conn.execute(text(
            "INSERT INTO procedures (code, name, field, processing_days, processing_unit, fee, "
            "documents, result_delivery, sample, active) VALUES ('1.1', 'Thủ tục', 'Hộ tịch', "
            "1, 'working_days', 0, '[]', '[\"counter\"]', 1, 1)"))
        conn.execute(text(
            "INSERT INTO dossiers (office_id, code, ledger_no, tracking_token, idempotency_key, "
            "request_hash, status, received_at, due_at, procedure_code, applicant, documents, "
            "sets, result_delivery, fee, identity_outcome, received_by_id) VALUES (1, "
            "'000.00.17.H01-261124-0001', 1, 'tok', 'key12345', 'h', 'received', "
            "'2026-11-24 02:00:00', '2026-11-25 02:00:00', '1.1', '{}', '[]', 1, 'counter', 0, "
            "'matched', 1)"))
    assert migrate(db)
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT dossier_id, status, at, user_id FROM dossier_history"))
        assert [tuple(r) for r in rows] == [(1, "received", "2026-11-24 02:00:00", 1)]
    db.dispose()


def test_0013_maps_old_statuses_onto_the_portal_codes_without_losing_history(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from backend.db import Database
    from backend.startup import migrate
    from counter_app.domain.dossier_status import portal_code

    path = tmp_path / "old.sqlite3"
    _make_0001_demo(path)
    db = Database(f"sqlite:///{path}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0012_file_reuse")
        conn.execute(text(
            "INSERT INTO procedures (code, name, field, processing_days, processing_unit, fee, "
            "documents, result_delivery, sample, active) VALUES ('1.1', 'Thủ tục', 'Hộ tịch', "
            "1, 'working_days', 0, '[]', '[\"counter\"]', 1, 1)"))
        for n, status in enumerate(("received", "processing", "needs_supplement", "ready",
                                    "returned", "cancelled"), start=1):
            conn.execute(text(
                "INSERT INTO dossiers (id, office_id, code, ledger_no, tracking_token, "
                "idempotency_key, request_hash, status, received_at, due_at, procedure_code, "
                "applicant, documents, sets, result_delivery, fee, identity_outcome, "
                "received_by_id) VALUES (:n, 1, :code, :n, :tok, :key, 'h', :st, "
                "'2026-11-24 02:00:00', '2026-11-25 02:00:00', '1.1', '{}', '[]', 1, "
                "'counter', 0, 'matched', 1)"),
                {"n": n, "code": f"000.00.17.H01-261124-000{n}", "tok": f"t{n}",
                 "key": f"key1234{n}", "st": status})
            conn.execute(text("INSERT INTO dossier_history (dossier_id, status, at, user_id, "
                              "note) VALUES (:n, :st, '2026-11-24 03:00:00', 1, 'ghi chú')"),
                         {"n": n, "st": status})
    assert migrate(db)
    with db.engine.connect() as conn:
        statuses = [r[0] for r in conn.execute(text("SELECT status FROM dossiers ORDER BY id"))]
        history = [tuple(r) for r in conn.execute(text(
            "SELECT status, at, user_id, note, kind FROM dossier_history ORDER BY dossier_id"))]
    db.dispose()
    assert statuses == ["received", "processing", "needs_supplement", "ready", "returned",
                        "stopped"]
    assert [portal_code(s) for s in statuses] == [2, 4, 5, 9, 10, 8]
    assert [h[0] for h in history] == statuses
    assert all(h[1:] == ("2026-11-24 03:00:00", 1, "ghi chú", "status") for h in history)
