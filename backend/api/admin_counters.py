"""Admin: counters and the services each one calls."""

from __future__ import annotations

from fastapi import APIRouter

from backend import schemas_queue as sq
from backend.admin import counters
from backend.deps import Admin, CounterNo, DbDep, QueueDep

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/counters", response_model=list[sq.Counter])
def list_counters(admin: Admin, db: DbDep) -> list[sq.Counter]:
    with db.read() as s:
        return counters.listing(s, admin.office_id)


@router.post("/counters", response_model=sq.Counter, status_code=201,
              responses={409: {"description": "a counter with this number exists"}})
def add_counter(body: sq.CounterCreate, admin: Admin, qw: QueueDep) -> sq.Counter:
    return counters.add(qw, body, admin)


@router.put("/counters/{no}", response_model=sq.Counter)
def put_counter(no: CounterNo, body: sq.CounterUpdate, admin: Admin, qw: QueueDep) -> sq.Counter:
    return counters.update(qw, no, body.changes(), admin)
