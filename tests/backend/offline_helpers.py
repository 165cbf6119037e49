"""Shared by the issue-7 backend tests: leases, offline dossier bodies, and a lease "taken
yesterday" written straight into the SQLite file (the API only leases today or the next
working day, but a counter that went offline yesterday syncs today)."""

from __future__ import annotations

import secrets
import sqlite3
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import httpx

from counter_app.domain.calendar import OFFICE_TZ
from tests.backend.dossier_helpers import applicant

PROCEDURE = "1.009994"


def today() -> date:
    return datetime.now(UTC).astimezone(OFFICE_TZ).date()


def lease(client: httpx.Client, day: date | None = None, size: int = 10,
          key: str | None = None) -> httpx.Response:
    return client.post("/dossiers/leases", json={"day": (day or today()).isoformat(),
                                                 "size": size},
                       headers={"Idempotency-Key": key or uuid.uuid4().hex})


def offline_body(card: dict, lease_id: int, ledger_no: int, received_at: datetime,
                 token: str | None = None, outcome: str = "unverified") -> dict:
    return {"procedure_code": PROCEDURE, "applicant": applicant(card),
            "identity_outcome": outcome,
            "documents": [{"name": "Tờ khai CT01", "originals": 1, "copies": 0}],
            "sets": 1, "result_delivery": "counter", "note": None,
            "offline": {"lease_id": lease_id, "ledger_no": ledger_no,
                        "received_at": received_at.isoformat(),
                        "tracking_token": token or secrets.token_urlsafe(24)}}


def post_offline(client: httpx.Client, body: dict, key: str | None = None) -> httpx.Response:
    return client.post("/dossiers", json=body,
                       headers={"Idempotency-Key": key or uuid.uuid4().hex})


def local(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=OFFICE_TZ)


def past_lease(db_path: Path, username: str, day: date, size: int,
               issued_at: datetime) -> dict:
    """What POST /dossiers/leases does, on an earlier day: numbers from the same
    sequence row, then the lease row. Returns {"id", "first", "last", "agency_code"}."""
    con = sqlite3.connect(db_path, timeout=10)
    try:
        with con:
            user_id, office_id, agency = con.execute(
                "SELECT u.id, u.office_id, o.agency_code FROM users u JOIN offices o "
                "ON o.id = u.office_id WHERE u.username = ?", (username,)).fetchone()
            last = con.execute(
                "INSERT INTO dossier_sequences (agency_code, day, last_value) VALUES (?, ?, ?) "
                "ON CONFLICT (agency_code, day) DO UPDATE SET last_value = last_value + ? "
                "RETURNING last_value", (agency, day.isoformat(), size, size)).fetchone()[0]
            stamp = issued_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.000000")
            cur = con.execute(
                "INSERT INTO dossier_leases (office_id, user_id, agency_code, day, first, last, "
                "issued_at, idempotency_key, request_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (office_id, user_id, agency, day.isoformat(), last - size + 1, last, stamp,
                 uuid.uuid4().hex, "test"))
            return {"id": cur.lastrowid, "first": last - size + 1, "last": last,
                    "agency_code": agency}
    finally:
        con.close()


def yesterday() -> date:
    return today() - timedelta(days=1)
