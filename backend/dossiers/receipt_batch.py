"""The rows of received dossiers, several in one transaction (the group commit of
backend/dossiers/receipt_writer.py): ledger numbers taken with one sequence step per
agency and day, then the dossiers, their first steps and their audit rows (linked in
ledger order), one Core executemany per table.

Every receipt gets what it would get alone. Anything unusual (a key used meanwhile, an
agency closed at midnight, a day's ledger full) raises and rolls the whole batch back,
numbers included; the writer then writes its receipts one at a time, where each meets
its own rule exactly as before.
"""

from __future__ import annotations

import contextvars
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from backend import audit, clock, models, rows
from backend.dossiers import first_step, intake
from backend.errors import DomainError
from backend.sequences import reserve_block
from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar
from counter_app.domain.dossier_code import DossierCodeError, format_dossier_code

_D, _H = rows.table_of(models.Dossier), rows.table_of(models.DossierHistory)


@dataclass
class Receipt:
    """One request's dossier, checked and read (backend/dossiers/intake.py), waiting for
    its number. `context`: the request's clock, address and id, for its audit row."""

    user: models.User
    key: str
    digest: str
    data: dict[str, Any]
    ready: intake.Ready
    identity_outcome: str
    identity_claimed: str
    rechecked: bool
    context: contextvars.Context = field(default_factory=contextvars.copy_context)


def due_at(calendar: WorkingCalendar, proc: models.Procedure, received_at: datetime) -> datetime:
    n = proc.processing_days
    if proc.processing_unit == "calendar_days":
        return calendar.due_at_calendar_days(received_at, n)
    if proc.processing_unit == "working_hours":
        return calendar.due_at_working_hours(received_at, n)
    cutoff = time.fromisoformat(proc.cutoff) if proc.cutoff else None
    return calendar.due_at(received_at, n, cutoff=cutoff)


def write(s: Session, receipts: list[Receipt]) -> list[models.Dossier]:
    """The receipts' dossiers, written in `s` (the caller commits); raises on anything
    that is not the plain case, for the writer to try them one at a time."""
    stamped = [(r, r.context.run(clock.utc_now_s)) for r in receipts]
    dossiers, entries = [], []
    for (r, now), (agency, day, seq) in zip(stamped, _numbers(s, stamped), strict=True):
        try:
            code = format_dossier_code(agency, day, seq)
        except DossierCodeError as exc:
            raise DomainError(503, "ledger_exhausted",
                              "Đã hết số thứ tự hồ sơ trong ngày của cơ quan.") from exc
        dossiers.append(new_dossier(r, now, code, seq, secrets.token_urlsafe(24)))
        entries.append(r.context.run(audit_entry, r, code, seq))
    audit.insert_all(s, entries)
    # Core inserts, one executemany per table for the whole batch: an ORM flush of these
    # objects cost more than everything else the transaction does. The objects stay
    # outside the session and carry the answer.
    ids = s.execute(insert(_D).returning(_D.c.id, sort_by_parameter_order=True),
                    [rows.values(d, _D) for d in dossiers]).scalars().all()
    steps = []
    for dossier, dossier_id in zip(dossiers, ids, strict=True):
        dossier.id = dossier_id
        for step in dossier.history:
            step.dossier_id = dossier_id
            steps.append(rows.values(step, _H))
    s.execute(insert(_H), steps)
    return dossiers


def _numbers(s: Session, stamped: list[tuple[Receipt, datetime]]) -> list[tuple[str, date, int]]:
    """(agency, day, ledger number) for each receipt, in arrival order."""
    places = []
    for r, now in stamped:
        day = now.astimezone(OFFICE_TZ).date()
        places.append((intake.agency_on(s, r.ready, day), day))
    following: dict[tuple[str, date], int] = {}
    # Sorted: two transactions lock the sequence rows they share in the same order.
    for (agency, day), n in sorted(Counter(places).items()):
        following[agency, day], _ = reserve_block(s, agency, day, n)
    numbered = []
    for place in places:
        numbered.append((*place, following[place]))
        following[place] += 1
    return numbered


def new_dossier(r: Receipt, now: datetime, code: str, seq: int, token: str, *,
                lease_id: int | None = None) -> models.Dossier:
    data, ready, user = r.data, r.ready, r.user
    return models.Dossier(
        office_id=user.office_id, code=code, ledger_no=seq,
        tracking_token=token, idempotency_key=r.key,
        request_hash=r.digest, status="received", received_at=now,
        due_at=due_at(ready.calendar, ready.proc, now), procedure_code=ready.proc.code,
        applicant=data["applicant"], documents=data["documents"], sets=data["sets"],
        result_delivery=data["result_delivery"], fee=ready.proc.fee,
        identity_outcome=r.identity_outcome, note=data["note"],
        received_by_id=user.id, ticket_id=data.get("ticket_id"),
        delivery_address=data.get("delivery_address"), proxy=data.get("proxy"),
        offline=lease_id is not None, lease_id=lease_id, identity_rechecked=r.rechecked,
        history=[first_step.received_event(ready.calendar, now, user.id)],
        current_unit=first_step.COUNTER_UNIT, counter_no=ready.counter_no,
    )


def audit_entry(r: Receipt, code: str, seq: int, *, late: bool = False,
                **extra: Any) -> models.AuditEntry:
    """The receipt's audit row, stamped by the context this runs in."""
    claimed = ({"identity_claimed": r.identity_claimed}
               if r.identity_claimed != r.identity_outcome else {})
    return audit.entry(r.user.office_id, r.user,
                       audit.DOSSIER_RECEIVED_OFFLINE if late else audit.DOSSIER_RECEIVED,
                       code, procedure=r.ready.proc.code, ledger_no=seq,
                       identity_outcome=r.identity_outcome,
                       result_delivery=r.data["result_delivery"],
                       ticket_id=r.data.get("ticket_id"), **claimed, **extra)
