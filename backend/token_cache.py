"""Who a bearer token belongs to, remembered for a few seconds: the ticket route's
pre-check (backend/deps.py, `cached_role`).

The route it serves answers 401/403 before its body is looked at, like every other route,
without a database read per ticket; the decision that counts is made again inside the
ticket's own transaction (backend/queue/issue_batch.py), so a token revoked, expired or
disabled a moment ago (here or on another instance) gets no ticket whatever this says.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

TTL_S = 30.0
MAX_ENTRIES = 10_000  # devices and clerks of a province fit; a flood of forged tokens is never cached


@dataclass(frozen=True)
class Caller:
    token_digest: str
    username: str
    role: str


class TokenCache:
    def __init__(self, ttl_s: float = TTL_S) -> None:
        self.ttl_s = ttl_s
        self._entries: dict[str, tuple[float, Caller]] = {}
        self._guard = threading.Lock()

    def get(self, digest: str) -> Caller | None:
        entry = self._entries.get(digest)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, caller: Caller) -> None:
        with self._guard:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[caller.token_digest] = (time.monotonic() + self.ttl_s, caller)

    def forget(self, digest: str) -> None:
        with self._guard:
            self._entries.pop(digest, None)
