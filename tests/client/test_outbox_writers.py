"""The outbox has one writer path (counter_app/client/outbox.py): the clerk's writes (on the
window's outbox worker) and the sync's (replay and lease top-up, on pool threads) run at
the same time in the app, and neither side loses a row, an answer or a number."""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

from counter_app.client import errors
from counter_app.client.leases import Lease, LeaseBook, LeaseKeeper
from counter_app.client.outbox import Outbox
from counter_app.client.outbox_key import OutboxKey
from counter_app.client.sync import Syncer

DAY = date(2026, 11, 24)
AGENCY = "000.00.00.H00"
ROWS = 40


class Backend:
    """Confirms even sync rows, refuses odd ones, is unreachable for the clerk's rows (so
    they stay pending for the count at the end)."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def request(self, method: str, path: str, **kw: Any) -> dict[str, Any]:
        key = kw["headers"]["Idempotency-Key"]
        if key.startswith("clerk-"):
            raise errors.Unreachable("Không kết nối được máy chủ.")
        time.sleep(0.001)  # the network: the clerk writes meanwhile
        self.sent.append(key)
        if int(key.split("-")[1]) % 2:
            raise errors.Conflict("Hồ sơ đã có.", status=409)
        return {}


def test_concurrent_writes_from_the_sync_and_the_clerk_lose_nothing(tmp_path):
    outbox = Outbox(tmp_path, OutboxKey(key=b"k" * 32))
    book = LeaseBook(outbox)
    book.save(Lease(1, DAY, AGENCY, 1, ROWS), "canbo1")
    for i in range(ROWS):
        outbox.add(kind="dossier", method="POST", path="/dossiers", key=f"sync-{i}",
                   username="canbo1", body=b"{}", code=f"sync-{i}")
    backend = Backend()
    syncer = Syncer(outbox, backend)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def clerk() -> None:
        start.wait()
        for i in range(ROWS):  # what ReceptionService._write does for each receipt
            with outbox.transaction() as db:
                taken = LeaseBook.take(db, "canbo1", DAY)
                assert taken is not None
                outbox.insert(db, kind="dossier", method="POST", path="/dossiers",
                              key=f"clerk-{i}", username="canbo1", body=b"{}",
                              code=str(taken[1]))

    def sync() -> None:
        start.wait()
        while len(backend.sent) < ROWS:
            syncer.run_once("canbo1")
            outbox.set_meta("server-clock-offset", str(len(backend.sent)))
            book.save(Lease(2, DAY, AGENCY, ROWS + 1, 2 * ROWS), "canbo1")

    def guarded(work: Any) -> Any:
        def run() -> None:
            try:
                work()
            except BaseException as exc:  # reported below, not lost in the thread
                failures.append(exc)
        return run

    threads = [threading.Thread(target=guarded(clerk)), threading.Thread(target=guarded(sync))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert failures == []

    pending = outbox.pending("canbo1")
    assert sorted(r.key for r in pending) == sorted(f"clerk-{i}" for i in range(ROWS))
    assert sorted(int(r.code or 0) for r in pending) == list(range(1, ROWS + 1))
    assert sorted(r.key for r in outbox.conflicts()) == sorted(
        f"sync-{i}" for i in range(ROWS) if i % 2)
    assert sorted(backend.sent) == sorted(f"sync-{i}" for i in range(ROWS))
    assert book.free_count("canbo1", DAY) == ROWS  # lease 2 whole, lease 1 all taken
    assert outbox.meta("server-clock-offset") == str(ROWS)


class SlowLeases:
    def __init__(self) -> None:
        self.keys: list[str] = []

    def held(self, day: date) -> list[Lease]:
        return []

    def create(self, day: date, size: int, key: str) -> Lease:
        self.keys.append(key)
        time.sleep(0.2)  # the other side asks meanwhile
        return Lease(len(self.keys), day, AGENCY, 1 + 20 * (len(self.keys) - 1),
                     20 * len(self.keys))


def test_the_clerk_and_the_sync_topping_up_at_once_lease_one_block(tmp_path):
    outbox = Outbox(tmp_path, OutboxKey(key=b"k" * 32))
    leases = SlowLeases()
    keeper = LeaseKeeper(LeaseBook(outbox), leases)
    got: list[int] = []
    threads = [threading.Thread(target=lambda: got.append(keeper.ensure("canbo1", DAY)))
               for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(leases.keys) == 1
    assert got == [20, 20]
