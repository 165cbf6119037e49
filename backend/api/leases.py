"""Leased ledger numbers for offline reception (docs/api-offline.md).

Included before the dossiers router: `GET /dossiers/{code}` would otherwise take
`/dossiers/leases` for a dossier code.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response

from backend import schemas_offline as so
from backend.deps import BAD_KEY, ClerkPlus, ClockDep, DbDep, check_key
from backend.dossiers import leases
from counter_app.domain.clock import office_today

router = APIRouter(prefix="/dossiers", tags=["dossiers"])


@router.post("/leases", response_model=so.Lease, status_code=201,
             responses={200: {"model": so.Lease, "description": "replay of the same key"},
                        400: {"description": BAD_KEY}, 409: {"description": leases.KEY_REUSED},
                        422: {"description": "day is neither today nor the next working day"},
                        429: {"description": "this account already holds its day's share of "
                                             "unused numbers"}})
def create_lease(body: so.LeaseCreate, request: Request, response: Response, user: ClerkPlus,
                 db: DbDep,
                 idempotency_key: Annotated[str | None, Header()] = None) -> so.Lease:
    lease, created = leases.create(db, request.app.state.calendars, user, body,
                                   check_key(idempotency_key),
                                   cap=request.app.state.settings.lease_cap)
    response.status_code = 201 if created else 200
    return lease


@router.get("/leases", response_model=list[so.Lease])
def list_leases(user: ClerkPlus, db: DbDep, clock: ClockDep,
                day: Annotated[date | None, Query()] = None) -> list[so.Lease]:
    """The caller's own leases of that day (default today), to resume after a restart."""
    return leases.held(db, user, day or office_today(clock))
