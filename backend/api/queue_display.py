"""The lobby display's snapshot: current number per counter and the last calls."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select

from backend import models
from backend import schemas_queue as sq
from backend.deps import DbDep, DisplayOrClerk, SettingsDep
from backend.offices import office_schema
from backend.queue import events, ordering, views

router = APIRouter(prefix="/queue", tags=["queue"])


@router.get("/display", response_model=sq.Display)
def display(request: Request, user: DisplayOrClerk, db: DbDep,
            settings: SettingsDep) -> sq.Display:
    with db.read() as s:
        office = s.get_one(models.Office, user.office_id)
        rows = s.scalars(select(models.Counter).where(models.Counter.office_id == office.id)
                         .order_by(models.Counter.number)).all()
        current = views.current_tickets(s, office.id)
        last = events.last_calls(s, office.id, ordering.office_day())
    return sq.Display(
        office=office_schema(office, settings),
        counters=[sq.DisplayCounter(no=c.number, name=c.name,
                                    current_number=current[c.id].number if c.id in current
                                    else None) for c in rows],
        last_calls=[sq.Event.model_validate(e) for e in last])
