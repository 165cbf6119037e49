"""Supplement requests (form 02, `BS-YYMMDD-NNNN`) and refusals (form 03, `TC-YYMMDD-NNNN`).

Numbers restart every office-local day per office and are allocated by the same upsert
as dossier codes, inside the transaction that inserts the record: no duplicates, and a
refused request gives its number back. Writes are idempotent like dossiers: the same
Idempotency-Key with the same body answers the first record again (200), with another
body 409.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend import audit, clock, models
from backend.db import Database
from backend.dossiers import schemas as sd
from backend.dossiers.receive import fingerprint, local, nfc, procedure_schema
from backend.errors import DomainError
from backend.schemas import ReceivedBy
from backend.sequences import next_form_value
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.privacy import mask_id_number

log = logging.getLogger(__name__)
SUPPLEMENT, REFUSAL = "BS", "TC"
MAX_SEQ = 9999
KEY_REUSED = ("Mã chống gửi trùng (Idempotency-Key) này đã được dùng cho một phiếu khác với "
              "nội dung khác. Hãy tạo phiếu mới với mã mới.")


def format_number(kind: str, day: Any, seq: int) -> str:
    return f"{kind}-{day:%y%m%d}-{seq:04d}"


def _existing(s: Any, office_id: int, key: str) -> models.FormRecord | None:
    return s.scalar(select(models.FormRecord).where(
        models.FormRecord.office_id == office_id, models.FormRecord.idempotency_key == key))


def _replay(found: models.FormRecord, kind: str, digest: str) -> models.FormRecord:
    if found.kind != kind or found.request_hash != digest:
        raise DomainError(409, "idempotency_key_reused", KEY_REUSED)
    return found


def create(db: Database, user: models.User, kind: str,
           body: sd.SupplementCreate | sd.RefusalCreate, key: str) -> tuple[models.FormRecord, bool]:
    data = nfc(body.model_dump(mode="json", exclude_none=True))
    digest = fingerprint({"kind": kind, **data})
    office_id = user.office_id
    try:
        with db.write() as s:
            found = _existing(s, office_id, key)
            if found is not None:
                return _replay(found, kind, digest), False
            proc = s.get(models.Procedure, data["procedure_code"])
            if proc is None or not proc.active:
                raise DomainError(422, "procedure_not_offered",
                                  "Thủ tục hành chính không có trong danh mục.")
            ticket_id = data.get("ticket_id")
            if ticket_id is not None:
                ticket = s.get(models.Ticket, ticket_id)
                if ticket is None or ticket.office_id != office_id:
                    raise DomainError(422, "ticket_unknown",
                                      "Không tìm thấy phiếu thứ tự được gắn với phiếu này.")
            now = clock.utc_now_s()
            day = now.astimezone(OFFICE_TZ).date()
            seq = next_form_value(s, kind, office_id, day)
            if seq > MAX_SEQ:
                raise DomainError(503, "form_numbers_exhausted",
                                  "Đã hết số phiếu trong ngày của cơ quan.")
            rec = models.FormRecord(
                office_id=office_id, kind=kind, day=day, seq=seq,
                number=format_number(kind, day, seq), created_at=now,
                procedure_code=proc.code, applicant=data["applicant"],
                missing=data.get("missing", []), reason=data.get("reason", ""),
                contact=data.get("contact"), created_by_id=user.id, ticket_id=ticket_id,
                idempotency_key=key, request_hash=digest)
            s.add(rec)
            s.flush()
            audit.record(s, office_id, user, audit.SUPPLEMENT_CREATED if kind == SUPPLEMENT
                         else audit.REFUSAL_CREATED, rec.number, procedure=proc.code,
                         ticket_id=ticket_id, missing=len(rec.missing or []))
            _ = rec.procedure, rec.created_by
    except IntegrityError:
        # Same key raced on PostgreSQL: the loser rolled back (number included).
        with db.read() as s:
            found = _existing(s, office_id, key)
            if found is None:
                raise
            return _replay(found, kind, digest), False
    log.info("form %s by %s for %s (procedure %s)", rec.number, user.username,
             mask_id_number(data["applicant"].get("id_number")), proc.code)
    return rec, True


def _common(r: models.FormRecord) -> dict[str, Any]:
    return {"id": r.id, "number": r.number, "created_at": local(r.created_at),
            "procedure": procedure_schema(r.procedure),
            "applicant": sd.FormApplicant(**r.applicant), "reason": r.reason,
            "created_by": ReceivedBy(username=r.created_by.username,
                                     full_name=r.created_by.full_name),
            "ticket_id": r.ticket_id}


def supplement_schema(r: models.FormRecord) -> sd.Supplement:
    return sd.Supplement(**_common(r), missing=[sd.MissingDocument(**m) for m in r.missing],
                         contact=sd.Contact(**r.contact) if r.contact else None)


def refusal_schema(r: models.FormRecord) -> sd.Refusal:
    return sd.Refusal(**_common(r))
