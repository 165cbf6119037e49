"""Backend memory over 100,000 tickets (issue 16: it grew 127 → 218 MB over 15,000).

The real backend (SQLite, demo office) with eleven services banded 1-9999, 50 clients on
keep-alive connections issuing tickets; the process's resident memory (Linux /proc) is
read after a warm-up of 10,000 tickets and every 10,000 after that. Flat means: what the
next 90,000 tickets add stays within allocator noise.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import httpx

from benchmarks.report import Figure

TOTAL, WARM, STEP, CLIENTS = 100_000, 10_000, 10_000, 50
EXTRA = [(f"M{i}", f"M{chr(65 + i)}") for i in range(8)]  # code, prefix
BANDED = ("HT", "KD", "TKQ") + tuple(code for code, _ in EXTRA)


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _prepare(api: str) -> str:
    from benchmarks.bench_queue import _login

    with httpx.Client(base_url=api, timeout=30,
                      headers={"Authorization": f"Bearer {_login(api, 'quantri')}"}) as c:
        for code in ("HT", "KD", "TKQ"):
            c.put(f"/admin/services/{code}", json={"number_end": 9999}).raise_for_status()
        for code, prefix in EXTRA:
            c.post("/admin/services", json={"code": code, "name": f"Dịch vụ {code}",
                                            "prefix": prefix, "number_end": 9999}
                   ).raise_for_status()
    return _login(api, "kiosk1")


def _issue(api: str, token: str, count: int, offset: int) -> None:
    from benchmarks.http_load import post_json

    n = len(BANDED)
    asyncio.run(post_json(api + "/queue/tickets", token, CLIENTS, count // CLIENTS,
                          lambda i, k: {"service_code": BANDED[(offset + i + k * CLIENTS) % n]}))


def run() -> list[Figure]:
    from counter_app.embedded import EmbeddedBackend

    if not sys.platform.startswith("linux"):
        print("memory: needs /proc (Linux)", file=sys.stderr)
        return []
    backend = EmbeddedBackend(Path(tempfile.mkdtemp(prefix="bench-memory-")), demo=True)
    api = backend.start() + "/api/v1"
    try:
        assert backend.process is not None
        pid = backend.process.pid
        start = rss_mb(pid)
        token = _prepare(api)
        _issue(api, token, WARM, 0)
        warm = rss_mb(pid)
        samples = [warm]
        for done in range(WARM, TOTAL, STEP):
            _issue(api, token, STEP, done)
            samples.append(rss_mb(pid))
            print(f"{done + STEP} tickets: {samples[-1]:.0f} MB", file=sys.stderr)
    finally:
        backend.stop()
    return [
        Figure("backend memory at start (baseline)", start, "MB", baseline=True),
        Figure("backend memory after 10,000 tickets (warm)", warm, "MB", 200),
        Figure("backend memory after 100,000 tickets", samples[-1], "MB", 200),
        Figure("memory growth, tickets 10,000 → 100,000", samples[-1] - warm, "MB", 16,
               note="flat after warm-up"),
    ]


if __name__ == "__main__":
    from benchmarks.report import print_table

    print_table(run())
