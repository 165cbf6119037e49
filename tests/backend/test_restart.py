"""Migrations on a fresh file, data kept across restarts, demo seeding only once."""

from __future__ import annotations

import sqlite3
import uuid

from backend.migrations import HEAD
from tests.backend.test_dossiers import draft, post


def _counts(db) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("offices", "users", "counters", "procedures", "registry_citizens",
                          "dossiers")} | {
            "version": con.execute("SELECT version_num FROM alembic_version").fetchone()[0],
            "journal": con.execute("PRAGMA journal_mode").fetchone()[0]}
    finally:
        con.close()


def test_fresh_file_restart_and_non_demo(start_backend, tmp_path, cards):
    first = start_backend(data_dir=tmp_path)
    db = first.backend.database_path
    with first.as_user("canbo1") as c:
        created = post(c, draft(cards[0]), uuid.uuid4().hex).json()
    first.backend.stop()
    before = _counts(db)
    assert before["version"] == HEAD and before["journal"] == "wal"
    assert before["offices"] == 1 and before["counters"] == 4 and before["users"] == 8
    assert before["procedures"] >= 8 and before["registry_citizens"] >= 200
    assert before["dossiers"] == 1

    second = start_backend(data_dir=tmp_path)
    with second.as_user("canbo1") as c:
        assert c.get(f"/dossiers/{created['code']}").json()["code"] == created["code"]
        nxt = post(c, draft(cards[0]), uuid.uuid4().hex).json()
    assert nxt["ledger_no"] == created["ledger_no"] + 1
    with second.as_user("quantri") as admin:  # going live: the clerk's own password
        assert admin.put("/admin/users/canbo1", json={
            "password": "lan-dau-lam-that"}).status_code == 200
    second.backend.stop()
    after = _counts(db)
    assert {k: v for k, v in after.items() if k != "dossiers"} == {
        k: v for k, v in before.items() if k != "dossiers"}

    plain = start_backend(data_dir=tmp_path, demo=False)
    with plain.client() as c:
        assert c.get("/health").json()["demo"] is False
        assert c.get("/demo/accounts").status_code == 404
    with plain.as_user_pw("canbo1", "lan-dau-lam-that") as c:
        assert c.get("/demo/cards").status_code == 404
        assert c.get(f"/dossiers/{created['code']}").status_code == 200
