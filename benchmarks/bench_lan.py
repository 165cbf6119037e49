"""The applicant's status page while 1,000 idle connections are open (target p95 ≤ 200 ms).

The real backend on loopback, with the office's default connection settings. 1,000
sockets connect and send nothing (what once made the server unreachable); then the page
is fetched 200 times, each on a new connection as a phone would. Bounded: the run ends
after the requests or after 60 s, and closes every socket it opened.
"""

from __future__ import annotations

import socket
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.report import Figure, percentile

IDLE = 1000
REQUESTS = 200
BUDGET_SECONDS = 60.0


def _dossier_url(base: str) -> str:
    import httpx

    with httpx.Client(base_url=base + "/api/v1", timeout=15) as c:
        token = c.post("/auth/login", json={"username": "canbo1", "password": "canbo1"})
        c.headers["Authorization"] = "Bearer " + token.json()["access_token"]
        card = next(x for x in c.get("/demo/cards", params={"limit": 10}).json()
                    if x["expect"] == "matched")
        f = card["payload"].split("|")
        body = {"procedure_code": "1.009994", "identity_outcome": "matched",
                "applicant": {"id_number": f[0], "full_name": f[2], "sex": f[4],
                              "date_of_birth": f"{f[3][4:]}-{f[3][2:4]}-{f[3][:2]}",
                              "address": f[5], "phone": "0912345678"},
                "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0}]}
        r = c.post("/dossiers", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
        r.raise_for_status()
        return r.json()["tracking_url"]


def run() -> list[Figure]:
    import httpx

    from counter_app.embedded import EmbeddedBackend

    with tempfile.TemporaryDirectory() as folder, \
            EmbeddedBackend(Path(folder), demo=True) as backend:
        url = _dossier_url(backend.base_url)
        idle: list[socket.socket] = []
        times: list[float] = []
        deadline = time.monotonic() + BUDGET_SECONDS
        try:
            for _ in range(IDLE):
                idle.append(socket.create_connection(("127.0.0.1", backend.port), timeout=5))
            while len(times) < REQUESTS and time.monotonic() < deadline:
                t0 = time.perf_counter()
                assert httpx.get(url, timeout=10).status_code == 200
                times.append((time.perf_counter() - t0) * 1000)
            # The defence itself: the server still holds them (within the header timeout).
            alive = sum(1 for s in idle if _still_open(s))
        finally:
            for s in idle:
                s.close()
    return [
        Figure(f"status page p95 with {IDLE} idle connections", percentile(times, 0.95),
               "ms", 200, f"{len(times)} requests, {alive} idle still open"),
        Figure("status page median, same run", percentile(times, 0.5), "ms", baseline=True),
    ]


def _still_open(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
