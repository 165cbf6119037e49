"""Services (for the kiosk's buttons) and counters (state, pause, resume)."""

from __future__ import annotations

from fastapi import APIRouter

from backend import schemas_queue as sq
from backend.deps import ClerkPlus, CounterNo, CurrentUser, DbDep, DisplayOrClerk, QueueDep
from backend.queue import counters, views

router = APIRouter(prefix="/queue", tags=["queue"])


@router.get("/services", response_model=list[sq.Service])
def list_services(user: CurrentUser, db: DbDep) -> list[sq.Service]:
    with db.read() as s:
        return views.services(s, user.office_id, only_active=True)


@router.get("/counters", response_model=list[sq.Counter])
def list_counters(user: DisplayOrClerk, db: DbDep) -> list[sq.Counter]:
    with db.read() as s:
        return views.counters(s, user.office_id)


@router.post("/counters/{no}/pause", response_model=sq.Counter)
def pause(no: CounterNo, body: sq.PauseRequest, user: ClerkPlus, qw: QueueDep) -> sq.Counter:
    return counters.set_paused(qw, user, no, body.reason)


@router.post("/counters/{no}/resume", response_model=sq.Counter)
def resume(no: CounterNo, user: ClerkPlus, qw: QueueDep) -> sq.Counter:
    return counters.set_paused(qw, user, no, None)
