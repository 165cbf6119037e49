"""What a counter needs to open while its backend is unreachable: who was signed in (and
until when) and the office it serves, saved each time the backend answered.

Signing in offline: a password cannot be checked without the backend, so a new sign-in
is never accepted offline. A counter that was signed in reopens with the session token
still in the OS keyring until the session's maximum (`session_expires_at`: the shift,
12 h after the password sign-in by default), even when the 2-hour token itself lapsed
during the outage: offline, the session only lets the clerk put receipts in this PC's
outbox. Nothing reaches the backend without a token it accepts; once it is back, an
expired or revoked token sends the clerk to the login window, and the rows received
meanwhile wait in the outbox for that user's next sign-in. Past the session's maximum
(or with no saved expiry) the counter stays on the login window.
No secret is stored here: the token stays in the keyring (token_store.py).
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from counter_app.client.catalogue_cache import JsonCache
from counter_app.client.json_values import obj
from counter_app.client.models import Health, Session, User
from counter_app.domain.clock import office_now

log = logging.getLogger(__name__)


def session_cache(folder: Path | None = None) -> JsonCache:
    return JsonCache("session", folder)


def health_cache(folder: Path | None = None) -> JsonCache:
    return JsonCache("health", folder)


def _text(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def save_session(session: Session, folder: Path | None = None) -> None:
    """After a sign-in, a resume or a refresh (each tells the new expiries)."""
    session_cache(folder).save({
        "user": asdict(session.user), "expires_at": _text(session.expires_at),
        "session_expires_at": _text(getattr(session, "session_expires_at", None))})


def save_profile(user: User, folder: Path | None = None) -> None:
    """After `GET /auth/me` (no expiry in the answer): the user, with the expiries saved
    for that same user kept."""
    cache = session_cache(folder)
    old = cache.load()
    keep = obj(old.data) if old is not None and obj(obj(old.data).get("user")).get(
        "username") == user.username else {}
    cache.save({"user": asdict(user), "expires_at": keep.get("expires_at"),
                "session_expires_at": keep.get("session_expires_at")})


def script_user(username: str, folder: Path | None = None,
                now: datetime | None = None) -> tuple[User | None, bool]:
    """For a script that hands its own token over while the backend is unreachable:
    (the saved user or None, whether the saved session has ended). Unlike the counter
    window, a profile saved without an expiry is accepted: the caller vouches for the
    token, and the backend judges it before anything is sent."""
    cached = session_cache(folder).load()
    if cached is None:
        return None, False
    try:
        user = User(**cached.data["user"])
        ends = _parse(cached.data.get("session_expires_at")) or \
            _parse(cached.data.get("expires_at"))
    except (KeyError, TypeError, ValueError):
        return None, False
    if user.username != username:
        return None, False
    if ends is not None and ends <= (now or office_now()):
        return user, True
    return user, False


def resume_offline(token: str | None, username: str, folder: Path | None = None,
                   now: datetime | None = None) -> Session | None:
    """The saved session of `username` with `token`, or None when it is unknown or over."""
    if not token or not username:
        return None
    cached = session_cache(folder).load()
    if cached is None:
        return None
    try:
        user = User(**cached.data["user"])
        expires_at = _parse(cached.data.get("expires_at"))
        ends = _parse(cached.data.get("session_expires_at")) or expires_at
    except (KeyError, TypeError, ValueError) as exc:
        log.warning("saved session unusable: %s", exc)
        return None
    if user.username != username or ends is None or expires_at is None:
        return None
    if ends <= (now or office_now()):
        log.info("saved session of %s ended at %s; sign-in needed", username, ends)
        return None
    return Session(token, expires_at, user, ends)


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def save_health(health: Health, folder: Path | None = None) -> None:
    office = asdict(health.office) if health.office else None
    health_cache(folder).save({"version": health.version, "demo": health.demo,
                               "office": office})


def load_health(folder: Path | None = None) -> Health | None:
    cached = health_cache(folder).load()
    if cached is None:
        return None
    try:
        return Health.from_json(cached.data)
    except (KeyError, TypeError, ValueError):
        return None
