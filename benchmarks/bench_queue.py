"""The queue under a lobby's load, against the real backend on loopback:

- ticket issue latency with 50 kiosks/counters issuing at once (p50/p95);
- call -> event: from a clerk's call-next to the `called` event read by a display's
  /queue/events stream (p50/p95; target ≤ 1 s, aim ≤ 200 ms).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from benchmarks.report import Figure, percentile

CLIENTS = 50
PER_CLIENT = 20
CALLS = 100
DISPLAYS = 50


async def _issue_all(api: str, token: str) -> list[float]:
    times: list[float] = []

    async def one_client(i: int) -> None:
        async with httpx.AsyncClient(base_url=api, timeout=60,
                                     headers={"Authorization": f"Bearer {token}"}) as c:
            for n in range(PER_CLIENT):
                t0 = time.perf_counter()
                r = await c.post("/queue/tickets",
                                 json={"service_code": ("HT", "KD", "TKQ")[(i + n) % 3]},
                                 headers={"Idempotency-Key": uuid.uuid4().hex})
                r.raise_for_status()
                times.append((time.perf_counter() - t0) * 1000)

    await asyncio.gather(*(one_client(i) for i in range(CLIENTS)))
    return times


def _login(api: str, user: str) -> str:
    r = httpx.post(api + "/auth/login", json={"username": user, "password": user})
    r.raise_for_status()
    return r.json()["access_token"]


def _call_to_event(api: str, displays: int = 1) -> list[float]:
    """Call → `called` read by one display, while `displays - 1` other displays hold their
    streams open and receive every event too (a lobby with many screens)."""
    from contextlib import ExitStack

    from tests.backend.sse import SseReader

    clerk = httpx.Client(base_url=api, headers={"Authorization": f"Bearer {_login(api, 'canbo1')}"})
    out = []
    token = _login(api, "display1")
    with ExitStack() as others, SseReader(api, token) as display:
        for _ in range(displays - 1):
            others.enter_context(SseReader(api, token))
        for _ in range(CALLS):
            t0 = time.perf_counter()
            r = clerk.post("/queue/counters/1/call-next")
            r.raise_for_status()
            at, _ev = display.next("called", timeout=5)
            out.append((at - t0) * 1000)
            tid = r.json()["id"]
            clerk.post(f"/queue/tickets/{tid}/start").raise_for_status()
            clerk.post(f"/queue/tickets/{tid}/finish").raise_for_status()
    clerk.close()
    return out


def _bare_baseline() -> list[float]:
    """The same load against bare FastAPI + sqlite3 (benchmarks/bare_queue_app.py)."""
    import subprocess
    import sys

    from counter_app.embedded import free_port

    port = free_port()
    db = Path(tempfile.mkdtemp(prefix="bench-bare-")) / "bare.sqlite3"
    proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("bare_queue_app.py")),
                             str(db), str(port)])
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/health", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        return asyncio.run(_issue_all(base, "none"))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def run() -> list[Figure]:
    from counter_app.embedded import EmbeddedBackend

    backend = EmbeddedBackend(Path(tempfile.mkdtemp(prefix="bench-queue-")), demo=True)
    api = backend.start() + "/api/v1"
    try:
        issue_ms = asyncio.run(_issue_all(api, _login(api, "kiosk1")))
        event_ms = _call_to_event(api)
        crowded_ms = _call_to_event(api, DISPLAYS)
    finally:
        backend.stop()
    bare_ms = _bare_baseline()
    ratio = percentile(issue_ms, 0.95) / percentile(bare_ms, 0.95)
    n = f"{CLIENTS} clients × {PER_CLIENT}, SQLite"
    return [
        Figure("bare FastAPI + sqlite3 ticket p95 (baseline)", percentile(bare_ms, 0.95),
               "ms", note="same load, one fsync per ticket", baseline=True),
        Figure("ticket issue p95 / bare baseline p95", ratio, "×", note="same run",
               baseline=True),
        Figure("ticket issue p50, 50 concurrent clients", percentile(issue_ms, 0.5), "ms", 25,
               note=n),
        Figure("ticket issue p95, 50 concurrent clients", percentile(issue_ms, 0.95), "ms", 50,
               note=n),
        Figure("call-next → display event p50", percentile(event_ms, 0.5), "ms", 200,
               note=f"{CALLS} calls, SSE"),
        Figure("call-next → display event p95", percentile(event_ms, 0.95), "ms", 1000,
               note="aim ≤ 200 ms"),
        Figure(f"call-next → display event p95, {DISPLAYS} displays connected",
               percentile(crowded_ms, 0.95), "ms", 200, note=f"{CALLS} calls"),
    ]


if __name__ == "__main__":
    from benchmarks.report import print_table

    print_table(run())
