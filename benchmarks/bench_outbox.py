"""The offline outbox (issue 7), on a real SQLite file and the real embedded backend.

- outbox write: what a clerk waits for before an offline receipt prints: take a leased
  number, encrypt the body, insert, commit with fsync (WAL, synchronous=FULL); p50/p95
  over 300 receipts (target p95 ≤ 20 ms);
- replay: 1,000 receipts queued offline, then drained to the backend on loopback in seq
  order with their keys (each one re-checks the applicant's eID, as offline dossiers do):
  the drain time and the rate in dossiers per second.
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.report import Figure, percentile

QUEUED = 1000


def _draft(payload: str, i: int):
    from counter_app.client.models import Applicant, DocumentLine, DossierDraft

    f = payload.split("|")
    person = Applicant(f[0], f[2], date(int(f[3][4:]), int(f[3][2:4]), int(f[3][:2])), f[4],
                       f[5], phone="0912345678")
    return DossierDraft("2.000908", person, "unavailable",
                        (DocumentLine("Giấy tờ tùy thân của người yêu cầu", 0, 1),),
                        note=f"benchmark {i}")


def run(writes: int = 300, queued: int = QUEUED) -> list[Figure]:
    home = Path(tempfile.mkdtemp(prefix="bench-outbox-"))
    os.environ["COUNTER_APP_HOME"] = str(home)
    from counter_app.client.reception import open_service
    from counter_app.embedded import EmbeddedBackend

    backend = EmbeddedBackend(home / "backend", demo=True)
    url = backend.start()
    try:
        svc = open_service(url, home / "counter", username="canbo1", password="canbo1",
                           outbox_key=os.urandom(32))
        payload = next(c.payload for c in svc.api.demo_cards(10) if c.expect == "matched")
        svc.keeper.block = 200
        today = svc.clock.now().date()
        while svc.keeper.book.free_count("canbo1", today) < max(writes, queued):
            svc.keeper._lease("canbo1", today)
        svc.online = False  # the backend is "down": every receipt goes to the outbox

        write_ms = []
        for i in range(max(queued, writes)):
            t0 = time.perf_counter()
            svc.receive(_draft(payload, i), f"bench-write-{i:05d}")
            if i < writes:
                write_ms.append((time.perf_counter() - t0) * 1000)
        waiting = svc.counts().pending

        svc.online = None  # the backend is back
        t0 = time.perf_counter()
        while svc.counts().pending:
            result = svc.sync()
            if result.stopped not in (None, "in_flight"):
                raise RuntimeError(f"replay stopped: {result.stopped} {result.message}")
        drain_s = time.perf_counter() - t0
        conflicts = svc.counts().conflicts
        svc.close()
    finally:
        backend.stop()
    note = f"{waiting} receipts, SQLite WAL + fsync, AES-GCM, eID re-check on loopback"
    return [
        Figure("outbox write (offline receipt) p50", percentile(write_ms, 0.5), "ms", 20),
        Figure("outbox write (offline receipt) p95", percentile(write_ms, 0.95), "ms", 20,
               f"{writes} receipts: lease number + encrypt + insert + fsync'd commit"),
        # A counter's day offline (60-80 receipts) is sent within half a minute.
        Figure("outbox replay rate", waiting / drain_s, "dossiers/s", 3,
               f"{note}; {conflicts} conflicts", at_least=True),
        Figure(f"drain {waiting} queued receipts", drain_s, "s", waiting / 3, note),
    ]
