from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Response
from sqlalchemy import select

from backend import models, schemas, security
from backend.deps import CurrentUser, DbDep, SettingsDep, TokenDep
from counter_app.domain.calendar import OFFICE_TZ

router = APIRouter(prefix="/auth", tags=["auth"])
log = logging.getLogger(__name__)
BAD_LOGIN = "Sai tên đăng nhập hoặc mật khẩu."


def user_schema(u: models.User) -> schemas.User:
    return schemas.User(username=u.username, full_name=u.full_name, role=u.role,
                        office_code=u.office.code, counter_no=u.counter_no)


@router.post("/login", response_model=schemas.LoginResponse,
             responses={401: {"description": BAD_LOGIN}})
def login(body: schemas.LoginRequest, db: DbDep,
          settings: SettingsDep) -> schemas.LoginResponse:
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
    token, expires = security.issue_token(db, user.id, settings.token_ttl_minutes)
    log.info("login %s (%s)", user.username, user.role)
    return schemas.LoginResponse(access_token=token, expires_at=expires.astimezone(OFFICE_TZ),
                                 user=user_schema(user))


@router.get("/me", response_model=schemas.User)
def me(user: CurrentUser) -> schemas.User:
    return user_schema(user)


@router.post("/logout", status_code=204, response_class=Response)
def logout(user: CurrentUser, token: TokenDep,
           db: DbDep) -> Response:
    security.revoke_token(db, token)
    log.info("logout %s", user.username)
    return Response(status_code=204)
