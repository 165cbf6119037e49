"""The baseline the queue benchmark runs beside the real backend (issue 16): bare FastAPI
and sqlite3 issuing numbered tickets with the same durability, one fsync'd commit per
ticket (WAL, synchronous=FULL), and nothing else: no auth, no ORM, no events.

    python benchmarks/bare_queue_app.py DB_FILE PORT
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from datetime import UTC, datetime

import uvicorn
from fastapi import FastAPI, Header
from pydantic import BaseModel


class Issue(BaseModel):
    service_code: str


def make_app(path: str) -> FastAPI:
    app = FastAPI()
    con = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE IF NOT EXISTS seqs (service TEXT PRIMARY KEY, last INTEGER)")
    con.execute("CREATE TABLE IF NOT EXISTS tickets (id INTEGER PRIMARY KEY, service TEXT, "
                "seq INTEGER, number TEXT, issued_at TEXT, key TEXT UNIQUE)")
    lock = threading.Lock()

    @app.post("/api/v1/queue/tickets", status_code=201)
    def issue(body: Issue, idempotency_key: str = Header()) -> dict:
        with lock:
            con.execute("BEGIN IMMEDIATE")
            con.execute("INSERT INTO seqs VALUES (?, 1) ON CONFLICT(service) DO UPDATE "
                        "SET last = last + 1", (body.service_code,))
            (seq,) = con.execute("SELECT last FROM seqs WHERE service = ?",
                                 (body.service_code,)).fetchone()
            number = f"{body.service_code}{seq:03d}"
            now = datetime.now(UTC).isoformat()
            cur = con.execute("INSERT INTO tickets (service, seq, number, issued_at, key) "
                              "VALUES (?, ?, ?, ?, ?)",
                              (body.service_code, seq, number, now, idempotency_key))
            con.execute("COMMIT")
        return {"id": cur.lastrowid, "number": number, "status": "waiting", "issued_at": now}

    @app.get("/api/v1/health")
    def health() -> dict:
        return {"status": "ok"}

    return app


if __name__ == "__main__":
    uvicorn.run(make_app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]),
                log_level="warning", access_log=False)
