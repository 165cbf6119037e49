"""Admin: the office's identity, public address and queue strategy."""

from __future__ import annotations

from fastapi import APIRouter, Request

from backend import schemas_queue as sq
from backend.admin import office
from backend.deps import Admin, DbDep, QueueDep
from backend.offices import forget

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/office", response_model=sq.AdminOffice)
def get_office(admin: Admin, db: DbDep) -> sq.AdminOffice:
    with db.read() as s:
        return office.view(office.the_office(s, admin.office_id))


@router.put("/office", response_model=sq.AdminOffice)
def put_office(body: sq.OfficeUpdate, request: Request, admin: Admin,
               qw: QueueDep) -> sq.AdminOffice:
    out = office.update(qw, body.changes(), admin)
    forget(request)
    return out
