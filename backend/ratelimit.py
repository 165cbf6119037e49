"""Sliding-window counting per client address, in this process's memory.

Enough for the public lookup of one office server: a restart forgets the counts, and
several servers behind a balancer count separately (each still caps a guesser).
An IPv6 client counts by its /64: one home or phone gets a whole /64 and picks any
address in it, so counting single addresses would let it rotate past the limit.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import deque

MAX_KEYS = 50_000


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        hits = self._hits.get(key)
        if hits is None:
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def retry_after(self, key: str) -> int:
        """0 when `key` may go on, else the seconds until its oldest counted hit expires."""
        now = time.monotonic()
        with self._lock:
            hits = self._recent(key, now)
            if len(hits) < self.limit:
                return 0
            return max(1, int(hits[0] + self.window - now + 0.999))

    def hit(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._hits) >= MAX_KEYS:
                self._prune(now)
            self._recent(key, now).append(now)

    def _prune(self, now: float) -> None:
        # Drop addresses with nothing in the window; if all are active, the oldest go.
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
            del self._hits[key]
        while len(self._hits) >= MAX_KEYS:
            del self._hits[next(iter(self._hits))]


def client_key(host: str | None) -> str:
    """The address a limit counts: IPv4 as is, IPv6 by its /64 (an IPv4-mapped IPv6
    address is the IPv4 one)."""
    try:
        ip = ipaddress.ip_address((host or "").split("%")[0])
    except ValueError:
        return host or "?"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def parse_limit(text: str) -> tuple[int, float]:
    """"10/600" -> (10 requests, 600 seconds)."""
    count, _, seconds = text.partition("/")
    n, s = int(count), float(seconds or 600)
    if n < 1 or s <= 0:
        raise ValueError("limit must be N/SECONDS with N >= 1")
    return n, s
