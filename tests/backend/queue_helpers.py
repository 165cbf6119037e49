"""Small helpers for the queue tests: issue a ticket, make an isolated service + counter."""

from __future__ import annotations

import itertools
import string
import uuid

import httpx

_PREFIXES = (a + b for a in string.ascii_uppercase[5:] for b in string.ascii_uppercase)
_COUNTERS = itertools.count(100)


def issue(client: httpx.Client, service: str, priority: str | None = None,
          key: str | None = None, **extra) -> httpx.Response:
    return client.post("/queue/tickets", json={"service_code": service, "priority": priority,
                                               **extra},
                       headers={"Idempotency-Key": key or uuid.uuid4().hex})


def ok(r: httpx.Response, status: int = 200) -> dict:
    assert r.status_code == status, r.text
    return r.json()


def isolated_queue(admin: httpx.Client, counters: int = 1, **service) -> tuple[str, list[int]]:
    """A new service served only by new counters: tests on a shared server stay apart."""
    prefix = next(_PREFIXES)
    code = f"T{prefix}"
    ok(admin.post("/admin/services", json={"code": code, "name": f"Thử {code}",
                                           "prefix": prefix, **service}), 201)
    nos = [next(_COUNTERS) for _ in range(counters)]
    for no in nos:
        ok(admin.post("/admin/counters", json={"no": no, "service_codes": [code]}), 201)
    return code, nos
