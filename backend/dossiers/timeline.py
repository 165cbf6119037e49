"""The statutory events of a dossier after receipt (Circular 03/2025, forms 04-06):
a stop (withdrawn by the citizen or stopped by law, form 05), the one extension of a late
result (form 04), hand-overs between units (form 06), and the due-soon / overdue list.

Each is one row of dossier_history, written under the dossier's row lock; a retry with the
same Idempotency-Key answers the dossier again and writes nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import audit, clock, models
from backend.calendars import CalendarStore
from backend.db import Database
from backend.dossiers import schemas as sd
from backend.dossiers.first_step import COUNTER_UNIT
from backend.dossiers.forms import format_number
from backend.dossiers.lifecycle import LABELS, _load_for_answer, _locked, illegal, step
from backend.errors import DomainError
from backend.sequences import next_form_value
from counter_app.domain import deadlines
from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar
from counter_app.domain.dossier_status import IN_PROGRESS, NEXT

log = logging.getLogger(__name__)
APOLOGY, STOP = "XL", "DG"  # form 04, form 05 numbers: XL-YYMMDD-NNNN, DG-YYMMDD-NNNN


def _replayed(d: models.Dossier, key: str | None) -> bool:
    if key is not None and any(h.idempotency_key == key for h in d.history):
        _load_for_answer(d)
        return True
    return False


def _form_no(s: Session, kind: str, office_id: int, now: datetime) -> str:
    day = now.astimezone(OFFICE_TZ).date()
    return format_number(kind, day, next_form_value(s, kind, office_id, day))


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=OFFICE_TZ)


def stop(db: Database, user: models.User, code: str, body: sd.StopRequest,
         key: str | None) -> models.Dossier:
    with db.write() as s:
        d = _locked(s, user.office_id, code)
        if _replayed(d, key):
            return d
        if body.kind not in NEXT.get(d.status, ()):
            raise illegal(d.status, body.kind)
        now = clock.utc_now_s()
        no = _form_no(s, STOP, user.office_id, now)
        step(d, body.kind, user.id, body.reason.strip(), now, key, form_no=no,
             from_unit=d.current_unit)
        audit.record(s, user.office_id, user, audit.DOSSIER_STATUS, d.code,
                     **{"to": body.kind, "form": no})
        s.flush()
        _load_for_answer(d)
    log.info("dossier %s %s by %s (form 05 %s)", code, body.kind, user.username, no)
    return d


def extend(db: Database, calendars: CalendarStore, user: models.User, code: str,
           body: sd.ExtensionRequest, key: str | None) -> models.Dossier:
    with db.write() as s:
        d = _locked(s, user.office_id, code)
        if _replayed(d, key):
            return d
        if d.status not in IN_PROGRESS:
            raise DomainError(409, "extension_status",
                              f"Hồ sơ đang ở trạng thái \"{LABELS[d.status]}\": không lập "
                              "Phiếu xin lỗi và hẹn lại ngày trả kết quả.")
        cal = calendars.for_office(s, user.office_id)
        now = clock.utc_now_s()
        new_due = _aware(body.new_due_at)
        try:
            deadlines.check_extension(due_at=d.due_at, now=now, extensions=d.extensions or 0,
                                      ext=deadlines.Extension(body.reason, new_due), cal=cal)
        except deadlines.DeadlineError as e:
            raise DomainError(409, e.code, str(e)) from e
        no = _form_no(s, APOLOGY, user.office_id, now)
        d.original_due_at = d.original_due_at or d.due_at
        d.due_at, d.extensions = new_due, (d.extensions or 0) + 1
        row = step(d, d.status, user.id, body.reason.strip(), now, key, kind="extension",
                   form_no=no)
        row.due_by = new_due
        audit.record(s, user.office_id, user, audit.DOSSIER_STATUS, d.code,
                     extension=1, form=no)
        s.flush()
        _load_for_answer(d)
    log.info("dossier %s appointment moved once by %s (form 04 %s)", code, user.username, no)
    return d


def handover(db: Database, user: models.User, code: str, body: sd.HandoverRequest,
             key: str | None) -> models.Dossier:
    with db.write() as s:
        d = _locked(s, user.office_id, code)
        if _replayed(d, key):
            return d
        if d.status not in IN_PROGRESS:
            raise DomainError(409, "handover_status",
                              f"Hồ sơ đang ở trạng thái \"{LABELS[d.status]}\": không chuyển "
                              "giữa các đơn vị được nữa.")
        to_unit = " ".join(body.to_unit.split())
        if to_unit == d.current_unit:
            raise DomainError(409, "handover_same_unit",
                              f"Hồ sơ đang ở \"{to_unit}\": chọn đơn vị nhận khác.")
        now = clock.utc_now_s()
        due = _aware(body.step_due_at) if body.step_due_at else d.due_at
        if due > d.due_at:
            raise DomainError(422, "handover_due_after_appointment",
                              "Hạn của bước xử lý không được sau ngày hẹn trả kết quả.")
        step(d, d.status, user.id, (body.note or "").strip() or None, now, key,
             kind="handover", from_unit=d.current_unit or COUNTER_UNIT, to_unit=to_unit,
             due_by=due)
        d.current_unit = to_unit
        audit.record(s, user.office_id, user, audit.DOSSIER_STATUS, d.code, handover=to_unit)
        s.flush()
        _load_for_answer(d)
    log.info("dossier %s handed over to %s by %s", code, to_unit, user.username)
    return d


def _by(h: models.DossierHistory) -> str:
    return (h.user.full_name or h.user.username) if h.user else ""


def control_sheet(d: models.Dossier, cal: WorkingCalendar) -> sd.ControlSheet:
    """Form 06: each hand-over closes the step of the unit that hands over; its result is
    that moment against the due time the step was given when the unit got the dossier."""
    rows: list[sd.ControlRow] = []
    step_due: datetime | None = None
    for h in d.history:
        if h.kind == "status" and h.status == "received":
            step_due = h.due_by
        if h.kind != "handover":
            continue
        result = deadlines.handover_result(h.at, step_due, cal) if step_due else None
        rows.append(sd.ControlRow(
            from_unit=h.from_unit or COUNTER_UNIT, to_unit=h.to_unit or "",
            at=h.at.astimezone(OFFICE_TZ),
            due_by=h.due_by.astimezone(OFFICE_TZ) if h.due_by else None,
            result=result, note=h.note, by=_by(h)))
        step_due = h.due_by
    agency = d.office.name
    units = sorted({r.to_unit for r in rows} - {COUNTER_UNIT, agency})
    return sd.ControlSheet(
        code=d.code, procedure=d.procedure.name, resolving_agency=agency,
        cooperating_units=units, received_at=d.received_at.astimezone(OFFICE_TZ),
        due_at=d.due_at.astimezone(OFFICE_TZ), current_unit=d.current_unit, rows=rows)


def due_list(db: Database, calendars: CalendarStore, office_id: int,
             limit: int = 500) -> list[sd.DeadlineItem]:
    """Dossiers still with the agencies that are overdue or due within 2 working days,
    the most urgent first. The SQL filter bounds the work by the window, not the book."""
    now = clock.utc_now_s()
    with db.read() as s:
        cal = calendars.for_office(s, office_id)
        today = now.astimezone(cal.tz).date()
        horizon = cal.add_working_days(today, deadlines.DUE_SOON_WORKING_DAYS) + timedelta(days=1)
        until = datetime.combine(horizon, datetime.min.time(), tzinfo=cal.tz)
        rows = s.scalars(select(models.Dossier).where(
            models.Dossier.office_id == office_id,
            models.Dossier.status.in_(sorted(IN_PROGRESS)),
            models.Dossier.due_at < until).order_by(models.Dossier.due_at).limit(limit)).all()
        out: list[sd.DeadlineItem] = []
        for d in rows:
            state = deadlines.deadline_state(d.due_at, now, cal)
            if state is None:
                continue
            out.append(sd.DeadlineItem(
                code=d.code, procedure=d.procedure.name,
                applicant_name=str((d.applicant or {}).get("full_name", "")),
                status=d.status, due_at=d.due_at.astimezone(OFFICE_TZ), state=state,
                extensions=d.extensions or 0, current_unit=d.current_unit))
    return out
