"""The audit log is tamper-evident (issue 12, item 9): rows written over real HTTP form a
hash chain per office; `counter-app admin audit --verify` passes on an untouched database
and names the row where an edit, a deletion, an insertion or a cut tail breaks it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from counter_app.embedded import EmbeddedBackend
from tests.backend.conftest import Api
from tests.backend.dossier_helpers import matched_card, new_dossier


def _verify(db) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "backend", "admin", "--database", str(db),
                           "audit", "--verify"], capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def audited_db(cards, tmp_path_factory):
    """A stopped backend's database with chained audit rows written over HTTP."""
    backend = EmbeddedBackend(tmp_path_factory.mktemp("audited"), demo=True)
    backend.start(timeout=30)
    try:
        with Api(backend).as_user("canbo1") as clerk:
            for _ in range(6):
                new_dossier(clerk, matched_card(cards))
    finally:
        backend.stop()
    return backend.database_path


@pytest.fixture
def db(audited_db, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    with sqlite3.connect(audited_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)  # with what is still in the write-ahead log
    return copy


def _rows(db) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT id, seq, hash FROM audit_log ORDER BY seq").fetchall()


def test_an_untouched_log_verifies(db):
    rows = _rows(db)
    assert len(rows) >= 6 and [r[1] for r in rows] == list(range(1, len(rows) + 1))
    done = _verify(db)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"nguyên vẹn, {len(rows)} dòng" in done.stdout


def test_an_edited_row_is_named(db):
    target = _rows(db)[2]
    with sqlite3.connect(db) as con:
        con.execute("UPDATE audit_log SET action = 'dossier.status' WHERE id = ?", (target[0],))
    done = _verify(db)
    assert done.returncode == 1
    assert f"tại dòng số {target[1]} (id {target[0]})" in done.stdout
    assert "bị sửa" in done.stdout


def test_a_deleted_row_is_named(db):
    target = _rows(db)[3]
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM audit_log WHERE id = ?", (target[0],))
    done = _verify(db)
    assert done.returncode == 1
    assert f"thiếu dòng số {target[1]}" in done.stdout


def test_a_row_inserted_behind_the_servers_back_is_found(db):
    with sqlite3.connect(db) as con:
        con.execute("INSERT INTO audit_log (at, office_id, user_id, action, code, detail) "
                    "SELECT at, office_id, user_id, 'dossier.returned', code, detail "
                    "FROM audit_log ORDER BY id LIMIT 1")
    done = _verify(db)
    assert done.returncode == 1 and "không thuộc chuỗi" in done.stdout


def test_a_cut_tail_is_found(db):
    last = _rows(db)[-1]
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM audit_log WHERE id = ?", (last[0],))
    done = _verify(db)
    assert done.returncode == 1 and "đã bị xóa" in done.stdout


def test_rows_written_before_the_chain_are_linked_by_the_migration(tmp_path):
    """A database from before revision 0008: its rows get a chain that then verifies."""
    from alembic import command
    from alembic.config import Config

    from backend.db import Database
    from backend.startup import MIGRATIONS, migrate

    path = tmp_path / "old.sqlite3"
    db = Database(f"sqlite:///{path}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007_stats_packs")
    with sqlite3.connect(path) as con:
        con.execute("INSERT INTO offices (id, code, name, agency_code, parent_name, address, "
                    "hotline, public_base_url, queue_mode, queue_ratio) VALUES "
                    "(1, 'X', 'X', 'X', '', '', '', '', 'strict', 2)")
        for i in range(3):
            con.execute("INSERT INTO audit_log (at, office_id, action, code, detail) VALUES "
                        "(?, 1, 'lease.created', ?, '{\"n\": 5}')",
                        (f"2026-11-0{i + 1} 08:00:00.000000", f"lease-{i}"))
    migrate(db)
    db.dispose()
    assert [r[1] for r in _rows(path)] == [1, 2, 3]
    done = _verify(path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "nguyên vẹn, 3 dòng" in done.stdout
