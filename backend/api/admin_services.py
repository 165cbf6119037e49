"""Admin: services (queues)."""

from __future__ import annotations

from fastapi import APIRouter

from backend import schemas_queue as sq
from backend.admin import services
from backend.deps import Admin, DbDep, QueueDep

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/services", response_model=list[sq.Service])
def list_services(admin: Admin, db: DbDep) -> list[sq.Service]:
    with db.read() as s:
        return services.listing(s, admin.office_id)


@router.post("/services", response_model=sq.Service, status_code=201,
              responses={409: {"description": "code exists, or prefix used by an active service"}})
def add_service(body: sq.ServiceCreate, admin: Admin, qw: QueueDep) -> sq.Service:
    return services.add(qw, body, admin)


@router.put("/services/{code}", response_model=sq.Service,
             responses={409: {"description": "prefix used by another active service"}})
def put_service(code: str, body: sq.ServiceUpdate, admin: Admin, qw: QueueDep) -> sq.Service:
    return services.update(qw, code, body.changes("daily_cap"), admin)
