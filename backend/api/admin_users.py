"""Admin: accounts (role, full name, counter, active, password reset)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from backend import schemas
from backend import schemas_queue as sq
from backend.admin import second_factor, users
from backend.deps import Admin, DbDep
from backend.sign_in import clock_of

router = APIRouter(prefix="/admin", tags=["admin"])
# A disabled account, a reset password (its sessions are revoked) or another role: that
# account's live event streams end now rather than run on for hours.
ENDS_STREAMS = {"active", "password", "role"}


@router.get("/users", response_model=list[schemas.UserAccount])
def list_users(admin: Admin, db: DbDep) -> list[schemas.UserAccount]:
    with db.read() as s:
        return users.listing(s, admin.office_id)


@router.post("/users", response_model=schemas.UserAccount, status_code=201,
              responses={409: {"description": "an account with this username exists"}})
def add_user(body: sq.UserCreate, admin: Admin, db: DbDep) -> schemas.UserAccount:
    with db.write() as s:
        return users.add(s, body, admin)


@router.put("/users/{username}", response_model=schemas.UserAccount,
             responses={409: {"description": "an admin may not demote or lock themselves"}})
def put_user(username: str, body: sq.UserUpdate, request: Request, admin: Admin,
             db: DbDep) -> schemas.UserAccount:
    changes = body.changes("counter_no")
    with db.write() as s:
        account = users.update(s, username, changes, admin)
    if changes.keys() & ENDS_STREAMS:
        request.app.state.broadcaster.end_streams(username)
    return account


_NOT_ADMIN: dict[int | str, dict[str, Any]] = {409: {"description": "only admin accounts use a second factor"}}


@router.post("/users/{username}/totp/secret", response_model=schemas.TotpSecret,
              responses=_NOT_ADMIN)
def totp_secret(username: str, admin: Admin, db: DbDep) -> schemas.TotpSecret:
    """A new secret for the phone app; stored only when PUT .../totp proves it with a code."""
    with db.read() as s:
        return schemas.TotpSecret(**second_factor.new_secret(s, username, admin))


@router.put("/users/{username}/totp", response_model=schemas.UserAccount,
             responses=_NOT_ADMIN)
def totp_on(username: str, body: schemas.TotpOn, request: Request, admin: Admin,
            db: DbDep) -> schemas.UserAccount:
    with db.write() as s:
        return second_factor.turn_on(s, username, body.secret, body.code,
                                     clock_of(request).now(), admin)


@router.delete("/users/{username}/totp", response_model=schemas.UserAccount,
                responses=_NOT_ADMIN)
def totp_off(username: str, admin: Admin, db: DbDep) -> schemas.UserAccount:
    with db.write() as s:
        return second_factor.turn_off(s, username, admin)
