"""Passwords (argon2id) and bearer tokens (only their SHA-256 is stored).

argon2 parameters: OWASP's argon2id minimum (m=19 MiB, t=2, p=1) instead of argon2-cffi's
defaults (m=64 MiB, t=3, p=4). The defaults measured 160-200 ms per verify on a 2-core
office-class machine, above the 150 ms login budget and doubled again for concurrent
logins; these take ~20-30 ms. Hashes made with other parameters are upgraded on the next
successful login (check_needs_rehash), so the choice can change without a migration.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from backend import clock, models
from backend.db import Database

_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the user exists: unknown users are checked against a
    dummy hash, so response time does not reveal which usernames are real."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def warm_up() -> None:
    """Build the dummy hash before the first login, so the first refusal is not slower."""
    _dummy_hash()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _utc(now: datetime | None) -> datetime:
    """The app's clock (app.state.clock) when the caller has one; tests move it."""
    return (now or clock.utc_now()).astimezone(UTC)


def issue_token(db: Database, user_id: int, ttl_minutes: float,
                max_hours: float = 12.0, *, now: datetime | None = None,
                ) -> tuple[str, datetime, datetime]:
    """A new session after a password login: (token, expires_at, session_ends_at)."""
    token = secrets.token_urlsafe(32)
    now = _utc(now)
    ends = now + timedelta(hours=max_hours)
    expires = min(now + timedelta(minutes=ttl_minutes), ends)
    with db.write() as s:
        s.add(models.AuthToken(token_hash=token_digest(token), user_id=user_id,
                               created_at=now, expires_at=expires))
    return token, expires, ends


def refresh_token(db: Database, token: str, ttl_minutes: float, max_hours: float, *,
                  now: datetime | None = None) -> tuple[str, datetime, datetime, models.User] | None:
    """Swap a live token for a new one: (token, expires_at, session_ends_at, user).

    None when the token is unknown, revoked, expired, its user disabled, or the session
    already reached max_hours after the password login. The new row keeps the old row's
    created_at (the login time), which is what bounds the sliding session without a
    column of its own. The old token is revoked in the same transaction, so a copied
    token cannot be refreshed twice into two sessions.
    """
    now = _utc(now)
    with db.write() as s:
        row = s.get(models.AuthToken, token_digest(token))
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            return None
        user = s.get(models.User, row.user_id)
        ends = row.created_at + timedelta(hours=max_hours)
        if user is None or not user.active or ends <= now:
            return None
        fresh = secrets.token_urlsafe(32)
        expires = min(now + timedelta(minutes=ttl_minutes), ends)
        row.revoked_at = now
        s.add(models.AuthToken(token_hash=token_digest(fresh), user_id=user.id,
                               created_at=row.created_at, expires_at=expires))
        s.flush()
        _ = user.office  # loaded before the session closes: the answer names the office
    return fresh, expires, ends, user


def user_for_token(db: Database, token: str, *,
                   now: datetime | None = None) -> models.User | None:
    found = session_for_token(db, token, now=now)
    return found[0] if found is not None else None


def session_for_token(db: Database, token: str, *,
                      now: datetime | None = None) -> tuple[models.User, datetime] | None:
    """(active user with its office, the token's expiry) for a live token."""
    with db.read() as s:
        row = s.get(models.AuthToken, token_digest(token))
        if row is None or row.revoked_at is not None or row.expires_at <= _utc(now):
            return None
        user = s.get(models.User, row.user_id)
        return (user, row.expires_at) if user is not None and user.active else None


def revoke_token(db: Database, token: str, *, now: datetime | None = None) -> None:
    with db.write() as s:
        row = s.get(models.AuthToken, token_digest(token))
        if row is not None and row.revoked_at is None:
            row.revoked_at = _utc(now)


def rehash(db: Database, user_id: int, password: str) -> None:
    with db.write() as s:
        user = s.get(models.User, user_id)
        if user is not None:
            user.password_hash = hash_password(password)
