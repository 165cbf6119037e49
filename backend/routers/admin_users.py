"""Admin: accounts (role, full name, counter, active, password reset)."""

from __future__ import annotations

from fastapi import APIRouter

from backend import schemas
from backend import schemas_queue as sq
from backend.admin import users
from backend.deps import Admin, DbDep

router = APIRouter(prefix="/admin", tags=["admin"])


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
def put_user(username: str, body: sq.UserUpdate, admin: Admin,
             db: DbDep) -> schemas.UserAccount:
    with db.write() as s:
        return users.update(s, username, body.changes("counter_no"), admin)
