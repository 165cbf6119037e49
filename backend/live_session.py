"""Is the session behind an open event stream still alive? A session is one password
login: its tokens share the login's created_at (a refresh keeps it, security.py), so a
stream opened with a token that was since refreshed lives on, and ends when the session
logs out, expires or its account is disabled or loses the role."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from backend import models, security
from backend.db import Database


def session_start(db: Database, token: str) -> datetime | None:
    """The password login (created_at) a token belongs to."""
    with db.read() as s:
        row = s.get(models.AuthToken, security.token_digest(token))
        return row.created_at if row is not None else None


def still_open(db: Database, username: str, session: datetime | None, roles: Iterable[str],
               now: datetime) -> bool:
    T = models.AuthToken
    with db.read() as s:
        user = s.scalar(select(models.User).where(models.User.username == username))
        if user is None or not user.active or user.role not in set(roles):
            return False
        live = select(T.token_hash).where(T.user_id == user.id, T.revoked_at.is_(None),
                                          T.expires_at > now)
        if session is not None:
            live = live.where(T.created_at == session)
        return s.scalar(live.limit(1)) is not None
