"""A dossier's statutory events (docs/api-dossiers.md, "Statutory life"): stop (form 05),
extension (form 04), hand-overs and the control sheet (form 06), and the due list."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request

from backend import audit, schemas
from backend.deps import ClerkPlus, DbDep, SettingsDep, check_key
from backend.dossiers import receive, timeline
from backend.dossiers import schemas as sd
from backend.dossiers.lifecycle import NOT_FOUND
from backend.errors import DomainError
from backend.offices import base_url

router = APIRouter(prefix="/dossiers", tags=["dossiers"])
ILLEGAL: dict[int | str, dict[str, Any]] = {409: {"description": "the law does not allow it now"},
           404: {"description": "unknown dossier"}}


def _key(value: str | None) -> str | None:
    return check_key(value) if value is not None else None


@router.get("/due", response_model=list[sd.DeadlineItem])
def due_list(request: Request, user: ClerkPlus, db: DbDep) -> list[sd.DeadlineItem]:
    """"Sắp đến hạn / Quá hạn": overdue, or due within 2 working days."""
    return timeline.due_list(db, request.app.state.calendars, user.office_id)


@router.post("/{code}/stop", response_model=schemas.Dossier, responses=ILLEGAL)
def stop(code: str, body: sd.StopRequest, user: ClerkPlus, db: DbDep, settings: SettingsDep,
         idempotency_key: Annotated[str | None, Header()] = None) -> schemas.Dossier:
    d = timeline.stop(db, user, code, body, _key(idempotency_key))
    return receive.to_schema(d, base_url(d.office, settings))


@router.post("/{code}/extension", response_model=schemas.Dossier, responses=ILLEGAL)
def extend(code: str, body: sd.ExtensionRequest, request: Request, user: ClerkPlus,
           db: DbDep, settings: SettingsDep,
           idempotency_key: Annotated[str | None, Header()] = None) -> schemas.Dossier:
    d = timeline.extend(db, request.app.state.calendars, user, code, body,
                        _key(idempotency_key))
    return receive.to_schema(d, base_url(d.office, settings))


@router.post("/{code}/handovers", response_model=schemas.Dossier, responses=ILLEGAL)
def handover(code: str, body: sd.HandoverRequest, user: ClerkPlus, db: DbDep,
             settings: SettingsDep,
             idempotency_key: Annotated[str | None, Header()] = None) -> schemas.Dossier:
    d = timeline.handover(db, user, code, body, _key(idempotency_key))
    return receive.to_schema(d, base_url(d.office, settings))


@router.get("/{code}/control", response_model=sd.ControlSheet,
            responses={404: {"description": "unknown dossier"}})
def control(code: str, request: Request, user: ClerkPlus, db: DbDep) -> sd.ControlSheet:
    d = receive.find(db, user.office_id, code)
    if d is None:
        raise DomainError(404, "dossier_unknown", NOT_FOUND)
    with db.read() as s:
        cal = request.app.state.calendars.for_office(s, user.office_id)
    audit.record_read(db, user.office_id, user, audit.DOSSIER_VIEWED, d.code, via="control")
    return timeline.control_sheet(d, cal)
