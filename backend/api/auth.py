from __future__ import annotations

import logging
from datetime import datetime

from fastapi import APIRouter, HTTPException, Request, Response

from backend import live_session, models, schemas, security
from backend.deps import UNAUTHORIZED, ClockDep, CurrentUser, DbDep, SettingsDep, TokenDep
from backend.sign_in import BAD_LOGIN, SECOND_FACTOR, THROTTLED, sign_in
from counter_app.domain.calendar import OFFICE_TZ

router = APIRouter(prefix="/auth", tags=["auth"])
log = logging.getLogger(__name__)


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
             responses={401: {"description": f"{BAD_LOGIN} Or, with the header "
                                             f"X-Second-Factor: totp, {SECOND_FACTOR}"},
                        429: {"description": f"{THROTTLED} (Retry-After: seconds)"}})
def login(body: schemas.LoginRequest, request: Request, db: DbDep,
          settings: SettingsDep, clock: ClockDep) -> schemas.LoginResponse:
    user = sign_in(request, db, body)
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
def logout(request: Request, user: CurrentUser, token: TokenDep,
           db: DbDep, clock: ClockDep) -> Response:
    session = live_session.session_start(db, token)
    security.revoke_token(db, token, now=clock.now())
    request.app.state.token_cache.forget(security.token_digest(token))
    request.app.state.broadcaster.end_streams(user.username, session)  # the live events too
    log.info("logout %s", user.username)
    return Response(status_code=204)
