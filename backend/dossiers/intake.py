"""What receiving a dossier reads before it takes the write lock (issue 16): the dossier a
used key already made, the procedure and whether this office offers it, the ticket's
counter, the office's calendar, the agency that numbers it today and what this backend
itself answered to the applicant's eID check.

All of it in one short read transaction, outside the write lock: 20 clerks saving at once
queue there only for what must be serialised (the ledger number, the rows and the audit
chain's link). A catalogue, calendar or agency change committed while a request waits
for the lock is not seen by that request: it was received just before the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, attributes

from backend import catalogue_scope, clock, models
from backend.agency_codes import code_for_day
from backend.calendars import CalendarStore
from backend.dossiers import offline as offline_rules
from backend.errors import DomainError
from backend.identity import guard
from counter_app.domain import online_only
from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar


@dataclass(frozen=True)
class Ready:
    proc: models.Procedure
    calendar: WorkingCalendar
    counter_no: int | None
    named_agency: str        # the procedure's agency, else the office's
    day: date                # the office-local day `agency` was resolved for
    agency: str | None       # named_agency on `day` (None for a leased number)
    keyed: bool              # the server's eID key exists (only a hand-made database lacks it)
    own_outcome: str | None  # this backend's own eID answer today to the same claim


KEY_REUSED = ("Mã chống gửi trùng (Idempotency-Key) này đã được dùng cho một hồ sơ khác "
              "với nội dung khác. Hãy tạo hồ sơ mới với mã mới.")


def replay(found: models.Dossier, digest: str) -> tuple[models.Dossier, bool]:
    """(the first dossier, not created) for the same key and body; 409 for another body."""
    if found.request_hash != digest:
        raise DomainError(409, "idempotency_key_reused", KEY_REUSED)
    return found, False


def existing(s: Session, office_id: int, key: str) -> models.Dossier | None:
    """The dossier made first with `key`. Keys are almost always new: the id alone is
    looked up, not the row with everything the answer joins."""
    found = s.execute(_BY_KEY, {"office_id": office_id, "key": key}).scalar()
    return None if found is None else s.get(models.Dossier, found)


_BY_KEY = select(models.Dossier.id).where(models.Dossier.office_id == bindparam("office_id"),
                                          models.Dossier.idempotency_key == bindparam("key"))


def prepare(s: Session, calendars: CalendarStore, user: models.User, data: dict[str, Any],
            now: datetime, *, check_identity: bool) -> Ready:
    """DomainError when the procedure, the ticket or the agency refuses the dossier."""
    office = user.office
    proc = s.get(models.Procedure, data["procedure_code"])
    if proc is None or not catalogue_scope.offered(s, office.id, proc):
        raise DomainError(422, "procedure_not_offered",
                          "Thủ tục hành chính không có trong danh mục.")
    if proc.online_only:  # the counter's own check is not the law's only guard
        raise DomainError(409, "procedure_online_only", online_only.PAPER_REFUSED)
    counter_no = user.counter_no
    ticket_id = data.get("ticket_id")
    if ticket_id is not None:
        ticket = s.get(models.Ticket, ticket_id)
        if ticket is None or ticket.office_id != office.id:
            raise DomainError(422, "ticket_unknown",
                              "Không tìm thấy phiếu thứ tự được gắn với hồ sơ.")
        if ticket.counter_id is not None:
            counter = s.get(models.Counter, ticket.counter_id)
            counter_no = counter.number if counter is not None else counter_no
    calendar = calendars.for_office(s, office.id)
    # The resolving agency's code (a counter may receive for another agency of the
    # province), or its successor when the 2025 mergers closed it.
    named = proc.agency_code or office.agency_code
    day = now.astimezone(OFFICE_TZ).date()
    agency = None if data.get("offline") else code_for_day(s, named, day)
    keyed, own = False, None
    if check_identity:
        keyed = guard.keyed(s)
        if keyed:
            own = guard.own_outcome(s, office.id,
                                    offline_rules.verify_request(data["applicant"]),
                                    clock.utc_now())
    return Ready(proc, calendar, counter_no, named, day, agency, keyed, own)


def agency_on(s: Session, ready: Ready, day: date) -> str:
    """The numbering agency on `day`: the one read before the lock unless midnight passed
    while the request waited for it."""
    if day == ready.day and ready.agency is not None:
        return ready.agency
    return code_for_day(s, ready.named_agency, day)


def give_answer_parts(dossier: models.Dossier, proc: models.Procedure,
                      user: models.User) -> None:
    """The relationships the answer reads, from the objects in hand: loading them would
    be four more queries inside the write lock."""
    attributes.set_committed_value(dossier, "procedure", proc)
    attributes.set_committed_value(dossier, "received_by", user)
    attributes.set_committed_value(dossier, "office", user.office)
    attributes.set_committed_value(dossier, "returned_by", None)
    for step in dossier.history:
        attributes.set_committed_value(step, "user", user)
