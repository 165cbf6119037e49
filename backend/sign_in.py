"""One password sign-in: throttle, password, second factor (TOTP), audit.

The answers never tell whether an account exists: an unknown name, a wrong password and a
disabled account get the same 401 after the same argon2 work, and the same throttling.
Only after the right password does an account with TOTP say that it needs a code. Each
refusal is audited (username, client address, reason) for the admin; the log line has
the address and the reason but not the name typed, which is sometimes a password.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime

from fastapi import HTTPException, Request
from sqlalchemy import select

from backend import audit, clock, models, schemas, security, totp
from backend.auth_throttle import LoginThrottle
from backend.db import Database
from counter_app.domain.clock import Clock

log = logging.getLogger("backend.api.auth")
BAD_LOGIN = "Sai tên đăng nhập hoặc mật khẩu."
SECOND_FACTOR = ("Tài khoản này cần mã xác thực 6 số trong ứng dụng trên điện thoại "
                 "(mã đã dùng thì không dùng lại được).")
THROTTLED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {wait}."
LOGIN_FAILED = "login.failed"
LOGIN_SUCCEEDED = "login.succeeded"


def clock_of(request: Request) -> Clock:
    """The app's clock (app.state.clock: now() and monotonic()); backend/clock.py."""
    return getattr(request.app.state, "clock", None) or clock.current()


def _wait_text(seconds: int) -> str:
    return f"{seconds} giây" if seconds < 90 else f"{math.ceil(seconds / 60)} phút"


def sign_in(request: Request, db: Database, body: schemas.LoginRequest) -> models.User:
    """The user, or HTTPException 401/429; a success resets the account's failures."""
    app_clock = clock_of(request)
    throttle: LoginThrottle = request.app.state.login_throttle
    address = request.client.host if request.client else "?"
    wait = throttle.admit(body.username, address, app_clock.monotonic())
    if wait > 0:
        seconds = math.ceil(wait)
        log.info("login throttled from %s: retry in %d s", address, seconds)
        raise HTTPException(429, THROTTLED.format(wait=_wait_text(seconds)),
                            headers={"Retry-After": str(seconds)})
    with db.read() as s:
        user = s.scalar(select(models.User).where(models.User.username == body.username))
    usable = user is not None and user.active
    # Unknown and disabled users still pay for one argon2 verify (dummy hash).
    ok = security.verify_password(user.password_hash if user is not None and usable else None,
                                  body.password)
    if user is None or not (ok and usable):
        reason = "unknown account" if user is None else "disabled" if ok else "wrong password"
        _refused(db, throttle, body.username, user, address, reason)
        raise HTTPException(401, BAD_LOGIN)
    if user.totp_secret:
        if not body.totp_code:
            raise HTTPException(401, SECOND_FACTOR, headers={"X-Second-Factor": "totp"})
        if not _take_step(db, user, body.totp_code, app_clock.now()):
            _refused(db, throttle, body.username, user, address, "wrong code")
            raise HTTPException(401, SECOND_FACTOR, headers={"X-Second-Factor": "totp"})
    throttle.succeeded(body.username, address, app_clock.monotonic())
    with db.write() as s:
        audit.record(s, user.office_id, user, LOGIN_SUCCEEDED, user.username,
                     second_factor=bool(user.totp_secret))
    if security.needs_rehash(user.password_hash):
        security.rehash(db, user.id, body.password)
    return user


def _take_step(db: Database, user: models.User, code: str, now: datetime) -> bool:
    """Checks the code and uses up its time step in one write (two logins racing with one
    code: the second sees the step taken)."""
    with db.write() as s:
        row = s.get(models.User, user.id)
        if row is None or not row.totp_secret:
            return False
        step = totp.matching_step(row.totp_secret, code, now, row.totp_last_step)
        if step is None:
            return False
        row.totp_last_step = step
        return True


def _refused(db: Database, throttle: LoginThrottle, username: str, user: models.User | None,
             address: str, reason: str) -> None:
    failures = throttle.failures(username)
    log.warning("login refused from %s: %s (%d failures on that name)", address, reason,
                failures)
    with db.write() as s:
        office_id = user.office_id if user is not None else s.scalar(
            select(models.Office.id).order_by(models.Office.id).limit(1))
        if office_id is not None:
            audit.record(s, office_id, None, LOGIN_FAILED, username[:60], reason=reason,
                         failures=failures)
