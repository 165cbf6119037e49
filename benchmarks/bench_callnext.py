"""call-next whatever the queue's length (issue 16): a clerk's call against the real
backend on loopback with 10 tickets waiting, then with 10,000 (inserted straight into the
database: issuing 10,000 over HTTP would take minutes), then with a province's history
behind them as well (500,000 finished tickets on past days: the check for a ticket still at
the counter used to read them all). Target p95 ≤ 20 ms for each; the ratio says whether
any work per waiting ticket is left."""

from __future__ import annotations

import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from benchmarks.report import Figure, percentile

CALLS = 40
MANY = 10_000
HISTORY = 500_000


def _login(api: str, user: str) -> httpx.Client:
    r = httpx.post(api + "/auth/login", json={"username": user, "password": user})
    r.raise_for_status()
    return httpx.Client(base_url=api, timeout=30,
                        headers={"Authorization": f"Bearer {r.json()['access_token']}"})


def _fill(db: Path, template_id: int, n: int, past: bool = False) -> None:
    con = sqlite3.connect(db, timeout=30)
    cols = [r[1] for r in con.execute("PRAGMA table_info(tickets)") if r[1] != "id"]
    changed = {"seq": "seq + n", "idempotency_key": "NULL", "request_hash": "NULL",
               "number": "substr(number, 1, 1) || n"}
    if past:  # served at counter 1 on one of the last 365 days
        counter = con.execute("SELECT id FROM counters WHERE number = 1").fetchone()[0]
        changed |= {"day": "date(day, '-' || (1 + n % 365) || ' days')",
                    "status": "'finished'", "counter_id": str(counter)}
    picked = ", ".join(changed.get(c) or c for c in cols)
    with con:
        con.execute(f"""WITH RECURSIVE k(n) AS (SELECT 1000 UNION ALL SELECT n + 1 FROM k
                        WHERE n < {1000 + n - 1})
                        INSERT INTO tickets ({", ".join(cols)})
                        SELECT {picked} FROM tickets, k WHERE tickets.id = ?""",
                    (template_id,))
    con.close()


def _calls(clerk: httpx.Client) -> list[float]:
    out = []
    for _ in range(CALLS):
        t0 = time.perf_counter()
        r = clerk.post("/queue/counters/1/call-next")
        out.append((time.perf_counter() - t0) * 1000)
        r.raise_for_status()
        tid = r.json()["id"]
        clerk.post(f"/queue/tickets/{tid}/start").raise_for_status()
        clerk.post(f"/queue/tickets/{tid}/finish").raise_for_status()
    return out


def run() -> list[Figure]:
    from counter_app.embedded import EmbeddedBackend

    home = Path(tempfile.mkdtemp(prefix="bench-callnext-"))
    backend = EmbeddedBackend(home, demo=True)
    api = backend.start() + "/api/v1"
    try:
        kiosk, clerk = _login(api, "kiosk1"), _login(api, "canbo1")
        ids = [kiosk.post("/queue/tickets", json={"service_code": "HT"},
                          headers={"Idempotency-Key": uuid.uuid4().hex}).json()["id"]
               for _ in range(CALLS + 10)]
        few = _calls(clerk)  # 50 issued, 40 called: 10 still wait behind each call
        _fill(backend.database_path, ids[-1], MANY)
        many = _calls(clerk)
        _fill(backend.database_path, ids[-1], HISTORY, past=True)
        history = _calls(clerk)
        kiosk.close()
        clerk.close()
    finally:
        backend.stop()
    ratio = percentile(many, 0.95) / percentile(few, 0.95)
    return [
        Figure("call-next p95, 10 waiting", percentile(few, 0.95), "ms", 20,
               note=f"{CALLS} calls, SQLite"),
        Figure(f"call-next p95, {MANY:,} waiting", percentile(many, 0.95), "ms", 20,
               note=f"{ratio:.2f}× the 10-waiting figure (same run)"),
        Figure(f"call-next p95, {MANY:,} waiting, {HISTORY:,} past", percentile(history, 0.95),
               "ms", 20, note=f"{percentile(history, 0.95) / percentile(few, 0.95):.2f}× "
               "the 10-waiting figure"),
    ]


if __name__ == "__main__":
    from benchmarks.report import print_table

    print_table(run())
