"""A citizen's satisfaction rating of one finished ticket (the counter's second screen)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend import clock, models
from backend.deps import DbDep, DisplayOrClerk, TicketId
from backend.stats.models import Rating
from counter_app.domain.calendar import OFFICE_TZ

log = logging.getLogger(__name__)
router = APIRouter(prefix="/queue", tags=["queue"])
ALREADY = "Số thứ tự này đã được đánh giá; mỗi lượt phục vụ chỉ đánh giá một lần."
NOT_DONE = "Chỉ đánh giá được sau khi cán bộ đã kết thúc phục vụ số thứ tự này."
NO_TICKET = "Không tìm thấy phiếu thứ tự này."


class RatingIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    level: Literal["very_satisfied", "satisfied", "not_satisfied"]
    reason: str | None = Field(default=None, max_length=200)


class RatingOut(BaseModel):
    ticket_id: int
    level: str
    reason: str | None
    counter_no: int | None
    at: datetime


@router.post("/tickets/{ticket_id}/rating", response_model=RatingOut, status_code=201,
             responses={404: {"description": NO_TICKET},
                        409: {"description": f"{ALREADY} / {NOT_DONE}"}})
def rate(ticket_id: TicketId, body: RatingIn, user: DisplayOrClerk, db: DbDep) -> RatingOut:
    now = clock.utc_now()
    try:
        with db.write() as s:
            t = s.get(models.Ticket, ticket_id)
            if t is None or t.office_id != user.office_id:
                raise HTTPException(404, NO_TICKET)
            if t.status != "done":
                raise HTTPException(409, NOT_DONE)
            if s.scalar(select(Rating.id).where(Rating.ticket_id == ticket_id)) is not None:
                raise HTTPException(409, ALREADY)
            E = models.TicketEvent
            served = s.execute(select(E.counter_no, E.user_id).where(
                E.ticket_id == ticket_id, E.type == "finished").order_by(E.id.desc())
                .limit(1)).first()
            r = Rating(office_id=t.office_id, ticket_id=ticket_id,
                       day=now.astimezone(OFFICE_TZ).date(), at=now, level=body.level,
                       reason=body.reason or None,
                       counter_no=served[0] if served else None,
                       clerk_id=served[1] if served else None, rated_by_id=user.id)
            s.add(r)
            s.flush()
    except IntegrityError:  # two screens at once (PostgreSQL): the unique ticket_id wins
        raise HTTPException(409, ALREADY) from None
    log.info("ticket %s rated %s by %s", ticket_id, body.level, user.username)
    return RatingOut(ticket_id=ticket_id, level=r.level, reason=r.reason,
                     counter_no=r.counter_no, at=now.astimezone(OFFICE_TZ))
