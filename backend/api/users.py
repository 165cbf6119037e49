from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from backend import models, schemas
from backend.deps import Admin, DbDep

router = APIRouter(tags=["users"])


@router.get("/users", response_model=list[schemas.UserAccount])
def list_users(admin: Admin,
               db: DbDep) -> list[schemas.UserAccount]:
    with db.read() as s:
        rows = s.scalars(select(models.User).where(models.User.office_id == admin.office_id)
                         .order_by(models.User.username)).all()
    return [schemas.UserAccount(username=u.username, full_name=u.full_name, role=u.role,
                                office_code=u.office.code, counter_no=u.counter_no,
                                active=u.active) for u in rows]
