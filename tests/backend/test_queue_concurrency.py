"""2,000 tickets issued at once by several processes over real HTTP: every service's
numbers are unique and gap-free, on SQLite, on PostgreSQL, and through two backend
instances sharing one PostgreSQL (the processes spread over both)."""

from __future__ import annotations

import multiprocessing
import re
import uuid
from collections import defaultdict

import httpx
import pytest

TOTAL = 2000
PROCESSES = 5
SERVICES = ("HT", "KD", "TKQ")  # the demo services without a daily cap
NUMBER = re.compile(r"^([A-Z]+)(\d+)$")


def _issue_many(args: tuple[str, str, int, int]) -> list[tuple[str, str]]:
    """One process: its own client, `count` tickets round-robin over the services."""
    base_url, token, count, offset = args
    out = []
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"},
                      timeout=60) as c:
        for i in range(count):
            code = SERVICES[(i + offset) % len(SERVICES)]
            r = c.post("/queue/tickets", json={"service_code": code},
                       headers={"Idempotency-Key": uuid.uuid4().hex})
            r.raise_for_status()
            out.append((code, r.json()["number"]))
    return out


@pytest.fixture(params=["sqlite", "postgresql", "postgresql, 2 instances"])
def backends(request, start_backend):
    if request.param == "sqlite":
        return [start_backend()]
    url = request.getfixturevalue("postgres_url")
    return [start_backend("--database", url) for _ in range(request.param.count(",") + 1)]


def test_2000_tickets_unique_and_gap_free(backends):
    backend = backends[0]
    token = backend.login("kiosk1")  # tokens live in the shared database: valid on both
    per = TOTAL // PROCESSES
    jobs = [(backends[p % len(backends)].base_url + "/api/v1", token, per, p)
            for p in range(PROCESSES)]
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        results = [n for chunk in pool.map(_issue_many, jobs) for n in chunk]
    assert len(results) == TOTAL
    by_service: dict[str, list[int]] = defaultdict(list)
    prefixes: dict[str, set[str]] = defaultdict(set)
    for code, number in results:
        m = NUMBER.match(number)
        prefixes[code].add(m.group(1))
        by_service[code].append(int(m.group(2)))
    for code, numbers in by_service.items():
        assert len(prefixes[code]) == 1
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), code
    with backend.as_user("canbo1") as c:
        services = {s["code"]: s for s in c.get("/queue/services").json()}
        for code, numbers in by_service.items():
            assert services[code]["issued_today"] == len(numbers)
            assert services[code]["waiting"] == len(numbers)
