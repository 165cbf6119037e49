"""The queue under a lobby's load, against the real backend on loopback:

- ticket issue latency with 50 kiosks/counters issuing at once (p50/p95/p99, tickets/s,
  server CPU per ticket), three rounds alternated with bare FastAPI + sqlite3 issuing the
  same tickets with the same durability (benchmarks/bare_queue_app.py), driven by the same
  lean generator (benchmarks/http_load.py);
- call -> event: from a clerk's call-next to the `called` event read by a display's
  /queue/events stream (p50/p95; target ≤ 1 s, aim ≤ 200 ms).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.http_load import Result, post_json
from benchmarks.report import Figure, percentile

CLIENTS = 50
PER_CLIENT = 40  # 2,000 tickets a round, as in issue 16
WARM = 2
ROUNDS = 3
CALLS = 100
DISPLAYS = 50


SERVICES = ("HT", "KD", "TKQ")


def _issue_all(api: str, token: str, per_client: int = PER_CLIENT) -> Result:
    return asyncio.run(post_json(api + "/queue/tickets", token, CLIENTS, per_client,
                                 lambda i, n: {"service_code": SERVICES[(i + n) % 3]}))


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


def _cpu_s(pid: int) -> float:
    """CPU seconds a process has used, all threads (Linux /proc; 0 elsewhere)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measured(api: str, token: str, pid: int) -> tuple[Result, float]:
    """(result, server CPU ms per ticket) after a warm-up of WARM tickets per client."""
    _issue_all(api, token, WARM)
    cpu0 = _cpu_s(pid)
    result = _issue_all(api, token)
    return result, (_cpu_s(pid) - cpu0) * 1000 / len(result.latencies_ms)


def _wait_healthy(base: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(base + "/health", timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _bare_round() -> tuple[Result, float]:
    """The same load against bare FastAPI + sqlite3 (benchmarks/bare_queue_app.py)."""
    from counter_app.embedded import free_port

    port = free_port()
    db = Path(tempfile.mkdtemp(prefix="bench-bare-")) / "bare.sqlite3"
    proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("bare_queue_app.py")),
                             str(db), str(port)])
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        _wait_healthy(base)
        return _measured(base, "none", proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _our_round(events: bool) -> tuple[Result, float, list[float], list[float]]:
    from counter_app.embedded import EmbeddedBackend

    backend = EmbeddedBackend(Path(tempfile.mkdtemp(prefix="bench-queue-")), demo=True)
    api = backend.start() + "/api/v1"
    try:
        assert backend.process is not None
        result, cpu = _measured(api, _login(api, "kiosk1"), backend.process.pid)
        event_ms = _call_to_event(api) if events else []
        crowded_ms = _call_to_event(api, DISPLAYS) if events else []
        return result, cpu, event_ms, crowded_ms
    finally:
        backend.stop()


def run() -> list[Figure]:
    ours, bare, ours_cpu, bare_cpu, rounds = [], [], [], [], []
    event_ms: list[float] = []
    crowded_ms: list[float] = []
    for i in range(ROUNDS):  # alternated, so a slower stretch of the machine hits both
        result, cpu, events, crowded = _our_round(events=i == 0)
        event_ms += events
        crowded_ms += crowded
        base, base_cpu = _bare_round()
        ours.append(result)
        bare.append(base)
        ours_cpu.append(cpu)
        bare_cpu.append(base_cpu)
        rounds.append(f"round {i + 1}: p95 {percentile(result.latencies_ms, 0.95):.0f} ms "
                      f"{result.per_second:.0f}/s, bare p95 "
                      f"{percentile(base.latencies_ms, 0.95):.0f} ms {base.per_second:.0f}/s")
    issue_ms = [x for r in ours for x in r.latencies_ms]
    bare_ms = [x for r in bare for x in r.latencies_ms]
    ratio = percentile(issue_ms, 0.95) / percentile(bare_ms, 0.95)
    rate = min(r.per_second for r in ours)
    n = f"{CLIENTS} clients × {PER_CLIENT}, SQLite, {ROUNDS} rounds"
    for line in rounds:
        print(line)
    return [
        Figure("bare FastAPI + sqlite3 ticket p95 (baseline)", percentile(bare_ms, 0.95),
               "ms", note="same load, one fsync per ticket", baseline=True),
        Figure("bare FastAPI + sqlite3 tickets/s (baseline)",
               min(r.per_second for r in bare), "/s", note="slowest round", baseline=True),
        Figure("bare FastAPI + sqlite3 server CPU per ticket (baseline)",
               sum(bare_cpu) / len(bare_cpu), "ms", baseline=True),
        Figure("ticket issue p95 / bare baseline p95", ratio, "×", note="same run",
               baseline=True),
        Figure("ticket issue p50, 50 concurrent clients", percentile(issue_ms, 0.5), "ms", 25,
               note=n),
        Figure("ticket issue p95, 50 concurrent clients", percentile(issue_ms, 0.95), "ms", 50,
               note=n),
        Figure("ticket issue p99, 50 concurrent clients", percentile(issue_ms, 0.99), "ms",
               100, note=n),
        Figure("tickets issued per second, 50 clients", rate, "/s", 1000, note="slowest round",
               at_least=True),
        Figure("server CPU per ticket", sum(ours_cpu) / len(ours_cpu), "ms", 1.0,
               note="all threads, /proc"),
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
