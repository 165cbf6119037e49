"""Assisted online filing (Directive 24/CT-TTg; docs/domain.md, "Online-only procedures"):
the counter takes no paper for an online-only procedure, it helps the citizen file on the
national portal and records the portal's dossier code against the queue ticket. Idempotent
like every write from the counter: the same key and body answer the first record again."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend import audit, catalogue_scope, clock, models
from backend.db import Database
from backend.dossiers.receive import fingerprint, nfc
from backend.errors import DomainError
from counter_app.domain.calendar import OFFICE_TZ

log = logging.getLogger(__name__)
KEY_REUSED = ("Mã chống gửi trùng (Idempotency-Key) này đã được dùng cho một lần hỗ trợ nộp "
              "trực tuyến khác. Hãy ghi nhận lại với mã mới.")
NOT_FOUND = "Không tìm thấy lượt hỗ trợ nộp trực tuyến này."


def _existing(s, office_id: int, key: str) -> models.AssistedFiling | None:
    return s.scalar(select(models.AssistedFiling).where(
        models.AssistedFiling.office_id == office_id,
        models.AssistedFiling.idempotency_key == key))


def _replay(found: models.AssistedFiling, digest: str) -> tuple[models.AssistedFiling, bool]:
    if found.request_hash != digest:
        raise DomainError(409, "idempotency_key_reused", KEY_REUSED)
    return found, False


def record(db: Database, user: models.User, body: dict, key: str
           ) -> tuple[models.AssistedFiling, bool]:
    """(record, created). `body`: procedure_code, portal_code, ticket_id (may be None)."""
    data = nfc(body)
    if data.get("ticket_id") is None:
        data.pop("ticket_id", None)
    digest = fingerprint(data)
    office_id = user.office_id
    try:
        with db.write() as s:
            found = _existing(s, office_id, key)
            if found is not None:
                return _replay(found, digest)
            proc = s.get(models.Procedure, data["procedure_code"])
            if proc is None or not catalogue_scope.offered(s, office_id, proc):
                raise DomainError(422, "procedure_not_offered",
                                  "Thủ tục hành chính không có trong danh mục.")
            ticket_id = data.get("ticket_id")
            if ticket_id is not None:
                ticket = s.get(models.Ticket, ticket_id)
                if ticket is None or ticket.office_id != office_id:
                    raise DomainError(422, "ticket_unknown",
                                      "Không tìm thấy phiếu thứ tự được gắn với lượt hỗ trợ.")
            now = clock.utc_now_s()
            row = models.AssistedFiling(
                office_id=office_id, user_id=user.id, ticket_id=ticket_id,
                procedure_code=proc.code, portal_code=data["portal_code"], at=now,
                day=now.astimezone(OFFICE_TZ).date(), idempotency_key=key,
                request_hash=digest)
            s.add(row)
            s.flush()
            audit.record(s, office_id, user, audit.ONLINE_ASSISTED, data["portal_code"],
                         procedure=proc.code, ticket_id=ticket_id)
            _ = row.user
    except IntegrityError:  # two tries with one key raced (PostgreSQL): the first one wins
        with db.read() as s:
            found = _existing(s, office_id, key)
        if found is None:
            raise
        return _replay(found, digest)
    log.info("online filing assisted by %s: procedure %s, portal code %s, ticket %s",
             user.username, row.procedure_code, row.portal_code, ticket_id)
    return row, True


def find(db: Database, office_id: int, filing_id: int) -> models.AssistedFiling:
    """Another office's record is as absent as one that never existed."""
    with db.read() as s:
        row = s.get(models.AssistedFiling, filing_id)
        if row is None or row.office_id != office_id:
            raise DomainError(404, "assisted_filing_unknown", NOT_FOUND)
        _ = row.user
        return row
