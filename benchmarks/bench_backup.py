"""Backup and restore of the one-year demo database (365 days × 20 counters, the same
generated year as the statistics suite, cached in the temp folder).

- `counter-app backup` while nothing else runs (target ≤ 30 s: a nightly job, and the
  backend keeps answering between its steps);
- `counter-app restore` into a fresh file (target ≤ 60 s: the office is closed meanwhile);
- the restored database answers a dossier count equal to the original's.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from benchmarks.report import Figure


def run() -> list[Figure]:
    from backend import backup
    from benchmarks.bench_stats import _database

    source, _ = _database()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "backup.sqlite3"
        made = backup.backup(f"sqlite:///{source}", out)
        target = Path(folder) / "restored.sqlite3"
        back = backup.restore(f"sqlite:///{target}", out)
        with sqlite3.connect(source) as a, sqlite3.connect(target) as b:
            counts = [c.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] for c in (a, b)]
        same = counts[0] == counts[1]
    size = f"{made.bytes / 1e6:.0f} MB, {counts[0]:,} tickets"
    return [
        Figure("backup of a one-year database (SQLite)", made.seconds, "s", 30, size),
        Figure("restore of that backup (SQLite)", back.seconds, "s", 60,
               "same ticket count" if same else "TICKET COUNTS DIFFER"),
    ]
