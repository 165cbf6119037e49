"""Sign-in facts that changed, announced to every TokenCache (backend/token_cache.py).

A session hook sees every ORM flush that touches a token, a user or an office and, once
the transaction commits, drops the cached entries they could make wrong: in this process
directly; in every other server sharing a PostgreSQL database by NOTIFY sent inside the
same transaction (delivered on commit; received by backend/queue/pg_notify.py; a listener
that lost its connection may have missed some: it clears everything); and in every other
process on a SQLite file (the admin command line while the server runs) by a signal file
next to it, whose time stamp each cache compares on every request (a stat).

Statements that bypass the ORM are not seen; nothing in the backend writes these tables
that way (tests/backend/test_token_cache.py keeps it so for users and tokens).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from backend import models
from backend.token_cache import all_caches

log = logging.getLogger(__name__)
CHANNEL = "counter_auth"
MAX_PAYLOAD = 7900  # PostgreSQL's limit is 8000 bytes
_KEY = "auth_changes"


@dataclass
class Changes:
    digests: set[str] = field(default_factory=set)
    users: set[int] = field(default_factory=set)
    offices: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.digests or self.users or self.offices)

    def encode(self) -> str:
        out = "|".join(" ".join(map(str, sorted(part)))
                       for part in (self.digests, self.users, self.offices))
        return out if len(out) <= MAX_PAYLOAD else "*"

    @classmethod
    def decode(cls, payload: str) -> Changes | None:
        """None: everything ("*", or a payload this version cannot read)."""
        try:
            digests, users, offices = payload.split("|")
            return cls(set(digests.split()), {int(x) for x in users.split()},
                       {int(x) for x in offices.split()})
        except ValueError:
            return None


def _seen(session: Session) -> Changes:
    found = Changes()
    for obj in chain(session.dirty, session.deleted):
        if obj in session.dirty and not session.is_modified(obj):
            continue
        if isinstance(obj, models.AuthToken):
            found.digests.add(obj.token_hash)
        elif isinstance(obj, models.User):
            found.users.add(obj.id)
        elif isinstance(obj, models.Office):
            found.offices.add(obj.id)
    return found


def _after_flush(session: Session, _context: Any) -> None:
    found = _seen(session)
    if not found:
        return
    pending: Changes = session.info.setdefault(_KEY, Changes())
    pending.digests |= found.digests
    pending.users |= found.users
    pending.offices |= found.offices
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_notify(:ch, :p)"), {"ch": CHANNEL, "p": found.encode()})


def _after_commit(session: Session) -> None:
    done = session.info.pop(_KEY, None)
    if done:
        apply(done)
        bind = session.get_bind()
        url = bind.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            touch(signal_file(str(url.database)))


def signal_file(sqlite_path: str) -> Path:
    """Bumped by every process that commits a sign-in change to this SQLite file; the
    servers on it watch its time stamp (backend/token_cache.py), as PostgreSQL's NOTIFY."""
    return Path(f"{Path(sqlite_path).resolve()}-auth")


def touch(path: Path) -> None:
    try:
        path.write_text(str(time.time_ns()), "ascii")
    except OSError as exc:  # the change is committed; other processes wait out the TTL
        log.warning("could not mark sign-in change in %s: %s", path, exc)


def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)


def apply(changes: Changes | None) -> None:
    for cache in all_caches():
        if changes is None:
            cache.clear()
        else:
            cache.forget_where(changes.digests, changes.users, changes.offices)


def received(payload: str) -> None:
    """A NOTIFY from any server on the database (this one's own included)."""
    apply(Changes.decode(payload))


def install() -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
