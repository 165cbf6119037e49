"""`counter-app backup` / `restore` (issue 12, item 10) on a running backend's real
database: the backup is a private file, a restore brings back exactly what was backed
up (dossiers and their status pages), and a damaged or foreign file is refused with a
Vietnamese reason and nothing changed. Database files are readable by their owner only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import httpx
import pytest

from tests.backend.dossier_helpers import matched_card, new_dossier


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], capture_output=True, text=True,
                          timeout=120)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_backup_while_serving_then_restore_brings_back_exactly_that_state(start_backend,
                                                                          cards, tmp_path):
    api = start_backend()
    db = api.backend.database_path
    assert _mode(db) == 0o600 and _mode(db.parent) & 0o077 == 0
    with api.as_user("canbo1") as clerk:
        kept = new_dossier(clerk, matched_card(cards))
        out = tmp_path / "sao-luu.sqlite3"
        done = cli("backup", str(out), "--database", str(db))
        assert done.returncode == 0, done.stderr
        assert "Đã sao lưu" in done.stdout and _mode(out) == 0o600
        assert cli("backup", str(out), "--database", str(db)).returncode == 1  # no overwrite
        later = new_dossier(clerk, matched_card(cards))  # after the backup: will be gone

        refused = cli("restore", str(out), "--database", str(db))
        assert refused.returncode == 1 and "--yes" in refused.stderr
        back = cli("restore", str(out), "--database", str(db), "--yes")
        assert back.returncode == 0, back.stderr
        # the running server sees the restored data at once
        assert clerk.get(f"/dossiers/{kept['code']}").status_code == 200
        assert clerk.get(f"/dossiers/{later['code']}").status_code == 404
        page = httpx.get(kept["tracking_url"], timeout=5)
        assert page.status_code == 200 and kept["code"] in page.text
        again = new_dossier(clerk, matched_card(cards))  # numbering goes on from the backup
        assert again["code"] == later["code"]


def test_a_damaged_or_foreign_file_is_refused_and_nothing_changes(start_backend, cards,
                                                                  tmp_path):
    api = start_backend()
    db = api.backend.database_path
    with api.as_user("canbo1") as clerk:
        d = new_dossier(clerk, matched_card(cards))
        junk = tmp_path / "junk.sqlite3"
        junk.write_bytes(b"not a database" * 100)
        r = cli("restore", str(junk), "--database", str(db), "--yes")
        assert r.returncode == 1 and "không phải bản sao lưu" in r.stderr
        import sqlite3

        foreign = tmp_path / "foreign.sqlite3"
        with sqlite3.connect(foreign) as con:
            con.execute("CREATE TABLE t (x)")
        r = cli("restore", str(foreign), "--database", str(db), "--yes")
        assert r.returncode == 1 and "không phải bản sao lưu" in r.stderr
        assert clerk.get(f"/dossiers/{d['code']}").status_code == 200


def test_backup_and_restore_on_postgresql(start_backend, postgres_url, cards, tmp_path):
    api = start_backend("--database", postgres_url)
    with api.as_user("canbo1") as clerk:
        kept = new_dossier(clerk, matched_card(cards))
        out = tmp_path / "pg.dump"
        done = cli("backup", str(out), "--database", postgres_url)
        assert done.returncode == 0, done.stderr
        assert os.name == "nt" or _mode(out) == 0o600
        later = new_dossier(clerk, matched_card(cards))
    api.backend.stop()  # pg_restore --clean drops tables: no server holds them
    back = cli("restore", str(out), "--database", postgres_url, "--yes")
    assert back.returncode == 0, back.stderr
    api = start_backend("--database", postgres_url)
    with api.as_user("canbo1") as clerk:
        assert clerk.get(f"/dossiers/{kept['code']}").status_code == 200
        assert clerk.get(f"/dossiers/{later['code']}").status_code == 404
