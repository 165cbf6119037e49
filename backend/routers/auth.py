from __future__ import annotations

import logging
from datetime import datetime

from fastapi import APIRouter, HTTPException, Request, Response
from sqlalchemy import select

from backend import models, schemas, security
from backend.deps import UNAUTHORIZED, ClockDep, CurrentUser, DbDep, SettingsDep, TokenDep
from counter_app.domain.calendar import OFFICE_TZ

router = APIRouter(prefix="/auth", tags=["auth"])
log = logging.getLogger(__name__)
BAD_LOGIN = "Sai tên đăng nhập hoặc mật khẩu."


def user_schema(u: models.User) -> schemas.User:
    return schemas.User(username=u.username, full_name=u.full_name, role=u.role,
                        office_code=u.office.code, counter_no=u.counter_no)


def _answer(token: str, expires: datetime, ends: datetime, user: models.User,
            now: datetime) -> schemas.LoginResponse:
    left = max(0, int((expires - now).total_seconds()))
    return schemas.LoginResponse(access_token=token, expires_at=expires.astimezone(OFFICE_TZ),
                                 expires_in=left, session_expires_at=ends.astimezone(OFFICE_TZ),
                                 user=user_schema(user))


@router.post("/login", response_model=schemas.LoginResponse,
             responses={401: {"description": BAD_LOGIN}})
def login(body: schemas.LoginRequest, db: DbDep,
          settings: SettingsDep, clock: ClockDep) -> schemas.LoginResponse:
    with db.read() as s:
        user = s.scalar(select(models.User).where(models.User.username == body.username))
    usable = user is not None and user.active
    # Unknown and disabled users still pay for one argon2 verify (dummy hash).
    ok = security.verify_password(user.password_hash if usable else None, body.password)
    if not (ok and usable):
        log.info("login refused (%s)", "wrong password or disabled" if user else "unknown user")
        raise HTTPException(401, BAD_LOGIN)
    if security.needs_rehash(user.password_hash):
        security.rehash(db, user.id, body.password)
    now = clock.now()
    token, expires, ends = security.issue_token(db, user.id, settings.token_ttl_minutes,
                                                settings.session_max_hours, now=now)
    log.info("login %s (%s)", user.username, user.role)
    return _answer(token, expires, ends, user, now)


@router.post("/refresh", response_model=schemas.LoginResponse,
             responses={401: {"description": "token unknown, revoked, expired, or the "
                                             "session reached its maximum: log in again"}})
def refresh(request: Request, token: TokenDep, db: DbDep,
            settings: SettingsDep, clock: ClockDep) -> schemas.LoginResponse:
    """A new token for a live one (the old one is revoked), never past the session end."""
    now = clock.now()
    fresh = security.refresh_token(db, token, settings.token_ttl_minutes,
                                   settings.session_max_hours, now=now)
    if fresh is None:
        log.info("token refresh refused (unknown, expired or session over)")
        raise HTTPException(401, UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})
    new_token, expires, ends, user = fresh
    request.state.username = user.username  # for the request log line
    log.info("token refreshed for %s until %s", user.username,
             expires.isoformat(timespec="seconds"))
    return _answer(new_token, expires, ends, user, now)


@router.get("/me", response_model=schemas.User)
def me(user: CurrentUser) -> schemas.User:
    return user_schema(user)


@router.post("/logout", status_code=204, response_class=Response)
def logout(user: CurrentUser, token: TokenDep,
           db: DbDep, clock: ClockDep) -> Response:
    security.revoke_token(db, token, now=clock.now())
    log.info("logout %s", user.username)
    return Response(status_code=204)
