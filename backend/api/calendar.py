"""The office calendar the due dates follow; the client builds the same WorkingCalendar."""

from __future__ import annotations

from fastapi import APIRouter, Request

from backend import audit, calendars, models, schemas
from backend.admin.office import changed
from backend.deps import Admin, ClerkPlus, DbDep, QueueDep

router = APIRouter(tags=["calendar"])


@router.get("/calendar", response_model=schemas.Calendar)
def get_calendar(user: ClerkPlus, db: DbDep) -> schemas.Calendar:
    with db.read() as s:
        return calendars.read(s, s.get_one(models.Office, user.office_id))


@router.put("/admin/calendar", response_model=schemas.Calendar)
def put_calendar(body: schemas.Calendar, request: Request, admin: Admin,
                 qw: QueueDep) -> schemas.Calendar:
    cal = calendars.validate(body)  # refuse before taking the write lock
    with qw.write(admin.office_id) as s:
        saved = calendars.write(s, s.get_one(models.Office, admin.office_id), cal)
        changed(s, admin.office_id, admin)
        audit.record(s, admin.office_id, admin, audit.CALENDAR_CHANGED, None,
                     **saved.model_dump(mode="json", exclude={"official"}))
    request.app.state.calendars.forget(admin.office_id)
    return saved


@router.post("/admin/calendar/official", response_model=schemas.Calendar)
def import_official(body: schemas.CalendarImport, request: Request, admin: Admin,
                    qw: QueueDep) -> schemas.Calendar:
    """Next year's notice of days off / make-up days: all of it, or nothing (422 naming
    the line)."""
    table = calendars.parse_import(body)  # refuse before taking the write lock
    with qw.write(admin.office_id) as s:
        saved = calendars.import_official(s, s.get_one(models.Office, admin.office_id), table)
        changed(s, admin.office_id, admin)
        audit.record(s, admin.office_id, admin, audit.CALENDAR_IMPORTED, None,
                     year=table.year, days=len(table.days), source=table.source)
    request.app.state.calendars.forget(admin.office_id)
    return saved
