"""Dossier numbers leased in advance (docs/api-offline.md), so a receipt printed while the
backend is unreachable already carries its final, unique code.

`LeaseBook` keeps the leases and the numbers used from them in the outbox database: a
number is marked used in the same transaction that writes the outbox row using it
(`take`), so a restart never hands it out again. `LeaseKeeper` tops the book up while
the backend answers: at least MIN_FREE free numbers for today, another block of BLOCK
when it runs low.

A counter only uses leases it was given itself (the POST answers it stored), never one
it merely sees in `GET /dossiers/leases`: a clerk signed in on two PCs holds the leases of
both, and two PCs drawing from one block would print the same code twice.

A lease is bound to the database that granted it (`backend_id`, the identity the backend
returns with each lease and on /health): a number is taken only from leases of the
backend the counter talks to now. Leases of another database are set aside, never used
(a new database behind the same address would have given those numbers to others), and
forgotten with the other old leases.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from counter_app.client.json_values import objects
from counter_app.client.outbox import Outbox, now_text

if TYPE_CHECKING:  # at run time it comes in with the caller's ApiClient
    from counter_app.client.api import ApiClient

log = logging.getLogger(__name__)

MIN_FREE = 5
BLOCK = 20
KEEP_DAYS = 7  # leases of older days are forgotten (their rows replay without them)
BACKEND_KEY = "backend-database-id"  # the database last seen behind the backend's address


@dataclass(frozen=True)
class Lease:
    id: int
    day: date
    agency_code: str
    first: int
    last: int
    used: tuple[int, ...] = ()
    expires_day: date | None = None
    backend_id: str | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Lease:
        day = date.fromisoformat(d["day"])
        expires = d.get("expires_day")
        return cls(int(d["id"]), day, d["agency_code"], int(d["first"]), int(d["last"]),
                   tuple(int(x) for x in d.get("used") or ()),
                   date.fromisoformat(expires) if expires else day,
                   d.get("database_id") or None)


class LeaseBook:
    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox
        # The database the counter talks to now (ReceptionService); None until known:
        # then only leases saved before leases had an owner are used.
        self.backend_id: str | None = outbox.meta(BACKEND_KEY)

    def learn(self, backend_id: str | None) -> None:
        """The backend answered from database `backend_id`: leases of any other database
        are set aside from now on, also after a restart."""
        if not backend_id or backend_id == self.backend_id:
            return
        if self.backend_id:
            log.warning("backend database changed from %s to %s: its leased numbers are set "
                        "aside and its waiting rows held for it", self.backend_id, backend_id)
        else:
            log.info("backend database is %s", backend_id)
        self.outbox.set_meta(BACKEND_KEY, backend_id)
        self.backend_id = backend_id

    def save(self, lease: Lease, username: str) -> None:
        with self.outbox.transaction() as db:
            old = db.execute("SELECT backend_id, day, agency_code, first, last FROM leases "
                             "WHERE id = ?", (lease.id,)).fetchone()
            same = old is not None and tuple(old[1:]) == (
                lease.day.isoformat(), lease.agency_code, lease.first, lease.last)
            if old is not None and old[0] is None and same:
                db.execute("UPDATE leases SET backend_id = ? WHERE id = ?",
                           (lease.backend_id, lease.id))  # saved before leases had an owner
            elif old is not None and (old[0] != lease.backend_id or not same):
                # Another database numbers its leases from 1 too: the old one is set aside
                # for good (its numbers may be another database's dossiers by now).
                log.warning("lease %d of database %s replaced by lease %d of database %s",
                            lease.id, old[0], lease.id, lease.backend_id)
                db.execute("DELETE FROM used_numbers WHERE lease_id = ?", (lease.id,))
                db.execute("DELETE FROM leases WHERE id = ?", (lease.id,))
            db.execute(
                "INSERT INTO leases (id, username, day, agency_code, first, last, expires_day, "
                "leased_at, backend_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO NOTHING",
                (lease.id, username, lease.day.isoformat(), lease.agency_code, lease.first,
                 lease.last, (lease.expires_day or lease.day).isoformat(), now_text(),
                 lease.backend_id))
            self._mark(db, lease.id, lease.used)

    def merge_used(self, lease: Lease) -> None:
        """Numbers the backend has seen used (e.g. after this PC lost its own record).
        A lease saved before leases had an owner is adopted when the backend holds the
        very same block (same id, day, agency and numbers)."""
        with self.outbox.transaction() as db:
            row = db.execute("SELECT backend_id, day, agency_code, first, last FROM leases "
                             "WHERE id = ?", (lease.id,)).fetchone()
            if row is None:
                return
            same = tuple(row[1:]) == (lease.day.isoformat(), lease.agency_code, lease.first,
                                      lease.last)
            if row[0] is None and same and lease.backend_id:
                db.execute("UPDATE leases SET backend_id = ? WHERE id = ?",
                           (lease.backend_id, lease.id))
            elif row[0] != lease.backend_id or not same:
                return  # a lease of another database with the same id: not ours to mark
            self._mark(db, lease.id, lease.used)

    @staticmethod
    def _mark(db: sqlite3.Connection, lease_id: int, numbers: tuple[int, ...]) -> None:
        db.executemany("INSERT OR IGNORE INTO used_numbers (lease_id, ledger_no) VALUES (?, ?)",
                       [(lease_id, n) for n in numbers])

    def leases(self, username: str, day: date) -> list[Lease]:
        """`username`'s leases of `day` granted by the database the counter talks to."""
        backend_id = self.backend_id
        rows = self.outbox.read(
            "SELECT id, day, agency_code, first, last, expires_day FROM leases "
            "WHERE username = ? AND day = ? AND backend_id IS ? ORDER BY id",
            (username, day.isoformat(), backend_id))
        out: list[Lease] = []
        for lease_id, d, agency, first, last, expires in rows:
            used = tuple(n for (n,) in self.outbox.read(
                "SELECT ledger_no FROM used_numbers WHERE lease_id = ? ORDER BY ledger_no",
                (lease_id,)))
            out.append(Lease(lease_id, date.fromisoformat(d), agency, first, last, used,
                             date.fromisoformat(expires), backend_id))
        return out

    def free_count(self, username: str, day: date) -> int:
        return sum(lease.last - lease.first + 1 - len(lease.used)
                   for lease in self.leases(username, day))

    @staticmethod
    def take(db: sqlite3.Connection, username: str, day: date,
             backend_id: str | None = None) -> tuple[Lease, int] | None:
        """Inside the outbox transaction: the lowest free number of `day` leased by the
        database `backend_id` (None: not known yet, leases saved before leases had an
        owner), now marked used."""
        rows = db.execute(
            "SELECT id, agency_code, first, last, expires_day FROM leases "
            "WHERE username = ? AND day = ? AND backend_id IS ? ORDER BY id",
            (username, day.isoformat(), backend_id)).fetchall()
        for lease_id, agency, first, last, expires in rows:
            used = {n for (n,) in db.execute(
                "SELECT ledger_no FROM used_numbers WHERE lease_id = ?", (lease_id,))}
            for number in range(first, last + 1):
                if number not in used:
                    db.execute("INSERT INTO used_numbers (lease_id, ledger_no) VALUES (?, ?)",
                               (lease_id, number))
                    return Lease(lease_id, day, agency, first, last, (),
                                 date.fromisoformat(expires), backend_id), number
        return None

    def prune(self, before: date) -> None:
        """Forget leases of past days whose numbers no waiting row still needs."""
        with self.outbox.transaction() as db:
            old = [i for (i,) in db.execute("SELECT id FROM leases WHERE day < ?",
                                            (before.isoformat(),))]
            for lease_id in old:
                db.execute("DELETE FROM used_numbers WHERE lease_id = ?", (lease_id,))
                db.execute("DELETE FROM leases WHERE id = ?", (lease_id,))


class LeaseApi:
    """POST/GET /dossiers/leases through the shared ApiClient (worker threads only)."""

    def __init__(self, api: ApiClient) -> None:
        self.api = api

    def create(self, day: date, size: int, key: str) -> Lease:
        return Lease.from_json(self.api.request(
            "POST", "/dossiers/leases", json={"day": day.isoformat(), "size": size},
            headers={"Idempotency-Key": key}))

    def held(self, day: date) -> list[Lease]:
        return [Lease.from_json(x) for x in objects(self.api.request(
            "GET", "/dossiers/leases", params={"day": day.isoformat()}))]


class LeaseKeeper:
    def __init__(self, book: LeaseBook, api: LeaseApi, *, min_free: int = MIN_FREE,
                 block: int = BLOCK) -> None:
        self.book = book
        self.api = api
        self.min_free = min_free
        self.block = block
        self._merged: set[tuple[str, date, str | None]] = set()
        # The clerk's top-up and the sync's run on different threads: one at a time, so
        # both seeing "too few free" lease one block between them, not two.
        self._topping_up = threading.Lock()

    def ensure(self, username: str, day: date) -> int:
        """Online only: top up `day`'s free numbers; returns how many are free. Raises the
        ApiError of a failed call (the caller treats Unreachable/Timeout as offline)."""
        with self._topping_up:
            return self._ensure(username, day)

    def _ensure(self, username: str, day: date) -> int:
        backend_id = self.book.backend_id
        if (username, day, backend_id) not in self._merged:
            for lease in self.api.held(day):
                self.book.merge_used(lease)
            self.book.prune(day - timedelta(days=KEEP_DAYS))
            self._merged.add((username, day, backend_id))
        free = self.book.free_count(username, day)
        for _ in range(3):  # a block answered already used must not loop forever
            if free >= self.min_free:
                break
            lease = self._lease(username, day)
            self.book.learn(lease.backend_id)  # whatever answered is the backend now
            free = self.book.free_count(username, day)
            log.info("leased dossier numbers %d-%d for %s (lease %d); %d free",
                     lease.first, lease.last, day, lease.id, free)
        return free

    def _lease(self, username: str, day: date) -> Lease:
        # The key is stored before the call: a crash or timeout after the backend made the
        # lease asks again with the same key and gets the same lease, not a second block.
        slot = f"lease-request|{username}|{day.isoformat()}"
        outbox = self.book.outbox
        key = outbox.meta_or_set(slot, uuid.uuid4().hex)
        lease = self.api.create(day, self.block, key)
        self.book.save(lease, username)
        outbox.set_meta(slot, None)
        return lease
