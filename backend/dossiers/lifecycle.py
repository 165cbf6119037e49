"""A dossier's life after receipt: status steps with their history, and the result return.

The steps the law allows, and their portal codes, are counter_app/domain/dossier_status.py.
A stop (withdrawn / stopped, form 05), an extension (form 04) and a hand-over (form 06)
are backend/dossiers/timeline.py.

`returned` for a dossier collected at the counter goes through `return_result`, which
records who collected it; through a plain status step only when the result went by post
(nobody stands at the counter to identify).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import audit, clock, models
from backend.db import Database
from backend.dossiers import schemas as sd
from backend.dossiers.receive import fingerprint, nfc
from backend.errors import DomainError
from counter_app.domain.dossier_status import NEXT, STOPS, DossierStatusError, check_move
from counter_app.domain.labels import DOSSIER_STATUS
from counter_app.domain.privacy import mask_id_number

log = logging.getLogger(__name__)

LABELS = DOSSIER_STATUS
NOT_FOUND = "Không tìm thấy hồ sơ có mã này."
USE_RETURN = ("Hồ sơ trả kết quả tại Bộ phận Một cửa: dùng chức năng Trả kết quả để ghi "
              "người nhận.")
USE_STOP = ("Dừng giải quyết hoặc rút hồ sơ cần ghi lý do và in Thông báo dừng giải quyết "
            "(Mẫu số 05): dùng chức năng Dừng giải quyết.")
KEY_REUSED = ("Mã chống gửi trùng (Idempotency-Key) này đã được dùng để trả kết quả với nội "
              "dung khác.")


def illegal(current: str, wanted: str) -> DomainError:
    try:
        check_move(current, wanted, LABELS)
    except DossierStatusError as e:
        return DomainError(409, e.code, str(e))
    raise AssertionError(f"{current} -> {wanted} is legal")


def _locked(s: Session, office_id: int, code: str) -> models.Dossier:
    # FOR UPDATE on PostgreSQL: two clerks moving one dossier queue here; SQLite already
    # holds the write lock (BEGIN IMMEDIATE). `of`: the eager outer joins (returned_by)
    # cannot be locked, and need not be.
    d = s.scalar(select(models.Dossier).where(models.Dossier.office_id == office_id,
                                              models.Dossier.code == code)
                 .with_for_update(of=models.Dossier))
    if d is None:
        raise DomainError(404, "dossier_unknown", NOT_FOUND)
    return d


def _load_for_answer(d: models.Dossier) -> None:
    _ = d.procedure, d.received_by, d.office, d.returned_by
    for h in d.history:
        _ = h.user


def step(d: models.Dossier, status: str, user_id: int | None, note: str | None,
         now: datetime, key: str | None = None, **event: object) -> models.DossierHistory:
    """One event; a status step is due by the appointment unless the event says otherwise."""
    d.status = status
    event.setdefault("due_by", d.due_at)
    row = models.DossierHistory(status=status, at=now, user_id=user_id, note=note,
                                idempotency_key=key, **event)
    d.history.append(row)
    return row


def advance(db: Database, office_id: int, code: str, status: str, note: str | None,
            user: models.User | None, key: str | None = None) -> models.Dossier:
    """One status step; a retry with the same Idempotency-Key answers the dossier again."""
    with db.write() as s:
        d = _locked(s, office_id, code)
        if key is not None and any(h.idempotency_key == key for h in d.history):
            _load_for_answer(d)
            return d
        if status not in NEXT.get(d.status, ()):
            raise illegal(d.status, status)
        if status in STOPS:
            raise DomainError(409, "dossier_use_stop", USE_STOP)
        if status == "returned" and d.result_delivery != "post":
            raise DomainError(409, "dossier_use_return", USE_RETURN)
        previous = d.status
        step(d, status, user.id if user else None, note or None,
             clock.utc_now_s(), key)
        # The note itself stays out: a clerk may write a name or a number in it.
        audit.record(s, office_id, user, audit.DOSSIER_STATUS, d.code,
                     **{"from": previous, "to": status, "note": bool(note)})
        s.flush()
        _load_for_answer(d)
    log.info("dossier %s -> %s by %s", code, status, user.username if user else "cli")
    return d


def return_result(db: Database, user: models.User, code: str, body: sd.ReturnRequest,
                  key: str) -> tuple[models.Dossier, bool]:
    """(dossier, changed). The same key with the same body answers the returned dossier."""
    digest = fingerprint(nfc(body.model_dump(mode="json")))
    with db.write() as s:
        d = _locked(s, user.office_id, code)
        if d.return_key is not None and d.return_key == key:
            if d.return_hash != digest:
                raise DomainError(409, "idempotency_key_reused", KEY_REUSED)
            _load_for_answer(d)
            return d, False
        if d.status != "ready":
            if d.status == "returned":
                raise DomainError(409, "dossier_already_returned",
                                  "Hồ sơ này đã được trả kết quả trước đó.")
            raise DomainError(409, "dossier_not_ready",
                              f"Chỉ trả kết quả khi hồ sơ ở trạng thái \"{LABELS['ready']}\"; "
                              f"hồ sơ đang ở trạng thái \"{LABELS[d.status]}\".")
        now = clock.utc_now_s()
        c = body.collector
        d.return_info = {"collector_name": c.full_name,
                         "collector_id_masked": mask_id_number(c.id_number),
                         "relation": c.relation, "identity_outcome": body.identity_outcome}
        d.returned_at, d.returned_by_id = now, user.id
        d.return_key, d.return_hash = key, digest
        note = "Người nhận: chính chủ" if c.relation == "self" else "Người nhận: người được ủy quyền"
        step(d, "returned", user.id, note, now)
        audit.record(s, user.office_id, user, audit.DOSSIER_RETURNED, d.code,
                     relation=c.relation, identity_outcome=body.identity_outcome)
        s.flush()
        s.expire(d, ["returned_by"])  # loaded as None with the row; the FK just changed
        _load_for_answer(d)
    log.info("dossier %s returned by %s to %s (%s)", code, user.username,
             mask_id_number(c.id_number), c.relation)
    return d, True
