"""Ticket issue on PostgreSQL (issue 16): 50 clients on keep-alive connections against one
backend instance, then against two instances sharing the database (25 clients each), three
rounds alternated, each on a fresh database. The cluster runs with fsync on: an answered
ticket is on disk, as on SQLite.

Needs Debian's postgresql (benchmarks/pg_cluster.py); without it the suite says so and
gives no figures.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchmarks.report import Figure, percentile

CLIENTS, PER_CLIENT, WARM, ROUNDS = 50, 40, 2, 3
SERVICES = ("HT", "KD", "TKQ")


def _load(urls: list[str], token: str, per_client: int):
    import asyncio

    from benchmarks.http_load import post_json

    return asyncio.run(post_json([u + "/queue/tickets" for u in urls], token, CLIENTS,
                                 per_client, lambda i, n: {"service_code": SERVICES[(i + n) % 3]}))


def _round(server: str, name: str, instances: int):
    from benchmarks.bench_queue import _login
    from benchmarks.pg_cluster import create_database
    from counter_app.embedded import EmbeddedBackend

    url = create_database(server, name)
    backends = [EmbeddedBackend(Path(tempfile.mkdtemp(prefix="bench-qpg-")), demo=True,
                                extra_args=("--database", url)) for _ in range(instances)]
    try:
        apis = [b.start(timeout=60) + "/api/v1" for b in backends]
        token = _login(apis[0], "kiosk1")  # one token: sessions live in the database
        _load(apis, token, WARM)
        return _load(apis, token, PER_CLIENT)
    finally:
        for b in backends:
            b.stop()


def run() -> list[Figure]:
    from benchmarks.pg_cluster import bindir, cluster

    if bindir() is None:
        print("PostgreSQL not installed: no queue_pg figures", file=sys.stderr)
        return []
    results: dict[int, list] = {1: [], 2: []}
    with cluster(Path(tempfile.mkdtemp(prefix="bench-qpg-cluster-")), fsync=True) as server:
        for r in range(ROUNDS):
            for instances in (1, 2):
                res = _round(server, f"queue_{r}_{instances}", instances)
                results[instances].append(res)
                print(f"round {r + 1}, {instances} instance(s): p95 "
                      f"{percentile(res.latencies_ms, 0.95):.0f} ms {res.per_second:.0f}/s",
                      file=sys.stderr)
    figures = []
    for instances, rounds in results.items():
        ms = [x for res in rounds for x in res.latencies_ms]
        where = f"PostgreSQL, {instances} instance{'s' if instances > 1 else ''}"
        note = f"{CLIENTS} clients × {PER_CLIENT}, {ROUNDS} rounds, fsync on"
        figures += [
            Figure(f"{where}: ticket issue p50", percentile(ms, 0.5), "ms", 25, note=note),
            Figure(f"{where}: ticket issue p95", percentile(ms, 0.95), "ms", 50, note=note),
            Figure(f"{where}: ticket issue p99", percentile(ms, 0.99), "ms", 100, note=note),
            Figure(f"{where}: tickets issued per second", min(r.per_second for r in rounds),
                   "/s", 1000, note="slowest round", at_least=True),
        ]
    return figures


if __name__ == "__main__":
    from benchmarks.report import print_table

    print_table(run())
