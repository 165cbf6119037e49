"""Who a bearer token belongs to, remembered for up to TTL_S: the signed-in user of every
route (backend/deps.py) without a thread hop and three database statements per request.

An entry is dropped, on every instance, the moment the change that could matter commits:
the token revoked or refreshed, its user edited or disabled, its office's settings changed
(backend/auth_changes.py: a session hook here; PostgreSQL NOTIFY, or a signal file next
to a SQLite database, for other processes). The token's own expiry is checked against the
app's clock on every hit. TTL_S only bounds what nothing announces (a bulk statement; a
signal file that could not be written).

The ticket route's decision that counts is still made inside the ticket's own transaction
(backend/queue/issue_batch.py).
"""

from __future__ import annotations

import copy
import os
import threading
import time
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import attributes, make_transient_to_detached

from backend import models

TTL_S = 600.0
MAX_ENTRIES = 10_000  # devices and clerks of a province fit; a flood of forged tokens is never cached


def _columns(obj: Any) -> dict[str, Any]:
    return {a.key: copy.deepcopy(getattr(obj, a.key)) for a in inspect(type(obj)).column_attrs}


_IMMUTABLE = (str, int, float, bool, type(None), datetime, date)


def _detached(cls: type, values: dict[str, Any]) -> Any:
    obj = cls(**{k: v if isinstance(v, _IMMUTABLE) else copy.deepcopy(v)
                 for k, v in values.items()})
    make_transient_to_detached(obj)  # as if read by a session that has closed
    return obj


@dataclass(frozen=True)
class Caller:
    token_digest: str
    username: str
    role: str
    user_id: int = 0
    office_id: int = 0
    expires_at: datetime | None = None
    user_row: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    office_row: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, digest: str, user: models.User, expires_at: datetime) -> Caller:
        return cls(digest, user.username, user.role, user.id, user.office_id, expires_at,
                   _columns(user), _columns(user.office))

    def user(self) -> models.User:
        """A fresh detached User with its office, as a request used to read it: one per
        request, so no two requests (or sessions) ever share an instance."""
        user = _detached(models.User, self.user_row)
        attributes.set_committed_value(user, "office", _detached(models.Office, self.office_row))
        return user


_caches: weakref.WeakSet[TokenCache] = weakref.WeakSet()


def all_caches() -> list[TokenCache]:
    return list(_caches)


class TokenCache:
    def __init__(self, ttl_s: float = TTL_S, signal: Path | None = None) -> None:
        self.ttl_s = ttl_s
        self._signal, self._signal_seen = signal, self._stamp(signal)
        self._entries: dict[str, tuple[float, Caller]] = {}
        self._guard = threading.Lock()
        self.hits = self.misses = 0
        # Bumped by every forget: a database read begun before one may have seen what it
        # announced as gone, and is not remembered (put's `since`).
        self.generation = 0
        _caches.add(self)

    @staticmethod
    def _stamp(signal: Path | None) -> int:
        try:
            return os.stat(signal).st_mtime_ns if signal is not None else 0
        except OSError:
            return 0

    def get(self, digest: str, now: datetime | None = None) -> Caller | None:
        if self._signal is not None:
            stamp = self._stamp(self._signal)
            if stamp != self._signal_seen:  # another process changed a sign-in
                self.clear()
                self._signal_seen = stamp
        entry = self._entries.get(digest)
        if entry is None or entry[0] < time.monotonic() or (
                now is not None and entry[1].expires_at is not None
                and entry[1].expires_at <= now):
            self.misses += 1
            return None
        self.hits += 1
        return entry[1]

    def put(self, caller: Caller, since: int | None = None) -> None:
        with self._guard:
            if since is not None and since != self.generation:
                return
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[caller.token_digest] = (time.monotonic() + self.ttl_s, caller)

    def forget(self, digest: str) -> None:
        with self._guard:
            self.generation += 1
            self._entries.pop(digest, None)

    def forget_where(self, digests: set[str], user_ids: set[int], office_ids: set[int]) -> None:
        with self._guard:
            self.generation += 1
            for d in digests:
                self._entries.pop(d, None)
            if user_ids or office_ids:
                for d, (_, c) in list(self._entries.items()):
                    if c.user_id in user_ids or c.office_id in office_ids:
                        del self._entries[d]

    def clear(self) -> None:
        with self._guard:
            self.generation += 1
            self._entries.clear()
