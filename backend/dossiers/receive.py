"""Receiving a dossier: idempotent create; reads and checks first (intake.py), then the
number and rows with other receipts in one transaction (receipt_writer.py)."""

from __future__ import annotations

import hashlib
import json
import logging
import unicodedata
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend import audit, clock, models, schemas
from backend.calendars import CalendarStore
from backend.db import Database
from backend.dossiers import intake, receipt_batch, receipt_writer
from backend.dossiers import offline as offline_rules
from backend.errors import DomainError
from backend.identity import guard
from backend.identity.base import IdentityProvider
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.dossier_code import format_dossier_code
from counter_app.domain.dossier_status import portal_code
from counter_app.domain.privacy import mask_id_number

log = logging.getLogger(__name__)


KEY_REUSED = intake.KEY_REUSED


NEED_ADDRESS = ("Trả kết quả qua bưu chính cần địa chỉ nhận kết quả (delivery_address). "
                "Nhập địa chỉ hoặc chọn nhận tại Bộ phận Một cửa.")


def nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    return value


def fingerprint(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def create(db: Database, calendars: CalendarStore, user: models.User,
           body: schemas.DossierCreate, key: str,
           identity: IdentityProvider | None = None) -> tuple[models.Dossier, bool]:
    """(dossier, created). Same key + same body -> the first dossier again.

    With `offline` (docs/api-offline.md): the leased number, the counter's receipt time
    and tracking token; an "unverified" applicant is checked again with `identity`."""
    checked = check(db, calendars, user, body, key, identity)
    if not isinstance(checked, receipt_batch.Receipt):
        return checked
    return write(db, checked)


def check(db: Database, calendars: CalendarStore, user: models.User,
          body: schemas.DossierCreate, key: str,
          identity: IdentityProvider | None = None
          ) -> receipt_batch.Receipt | tuple[models.Dossier, bool]:
    """Everything before the write lock: the receipt to write, or the key's first
    dossier (replayed); DomainError for a refusal."""
    data = nfc(body.model_dump(mode="json"))
    if data["result_delivery"] == "post" and not (data.get("delivery_address") or "").strip():
        raise DomainError(422, "delivery_address_missing", NEED_ADDRESS)
    # Optional keys enter the fingerprint only when set: requests from before they
    # existed keep their fingerprints.
    for optional in ("ticket_id", "delivery_address", "offline", "proxy"):
        if data.get(optional) is None:
            data.pop(optional, None)
    if data["applicant"].get("card_address") is None:
        data["applicant"].pop("card_address", None)
    offline = data.get("offline")
    if offline is not None and offline.get("database_id") is None:
        offline.pop("database_id", None)  # same rule one level down
    digest = fingerprint(data)
    with db.read() as s:
        found = intake.existing(s, user.office_id, key)
        if found is not None:
            return intake.replay(found, digest)
        ready = intake.prepare(s, calendars, user, data, clock.utc_now_s(),
                               check_identity=identity is not None)
    claimed = outcome = data["identity_outcome"]
    rechecked = False
    if identity is not None:  # the backend records what it verified, not the counter's claim
        outcome, rechecked = verified_outcome(db, identity, user.office_id, data["applicant"],
                                              claimed, ready)
    return receipt_batch.Receipt(user, key, digest, data, ready, outcome, claimed, rechecked)


def write(db: Database, r: receipt_batch.Receipt) -> tuple[models.Dossier, bool]:
    """(dossier, created) once committed: on a leased number alone, else numbered with
    whatever other receipts are waiting (receipt_writer.py)."""
    offline = r.data.get("offline")
    if offline:
        dossier, created = _on_leased_number(db, r, offline)
    else:
        dossier, created = receipt_writer.for_database(db).write(r)
        if created:
            _log_received(dossier, r.user, r.data, "")
    if created:
        intake.give_answer_parts(dossier, r.ready.proc, r.user)
    return dossier, created


def _on_leased_number(db: Database, r: receipt_batch.Receipt,
                      offline: dict[str, Any]) -> tuple[models.Dossier, bool]:
    """A dossier the counter numbered (a lease): its own transaction, as the checks of
    the lease (backend/dossiers/offline.py) are its own."""
    office = r.user.office
    try:
        with db.write() as s:
            arrived_at = clock.utc_now_s()
            lease, code, now = offline_rules.claim(s, office, r.user, offline, arrived_at)
            seq = offline["ledger_no"]
            dossier = receipt_batch.new_dossier(r, now, code, seq, offline["tracking_token"],
                                                lease_id=lease.id)
            # `offline` only says the counter numbered it; the audit says whether the
            # counter really was cut off (backend/dossiers/offline.py, waited_in_outbox).
            late = offline_rules.waited_in_outbox(now, arrived_at)
            extra = {"received_at": now.isoformat(), "lease_id": lease.id}
            if late:
                extra["arrived_at"] = arrived_at.isoformat()
            audit.add_all(s, [receipt_batch.audit_entry(r, code, seq, late=late, **extra)])
            s.add(dossier)
    except IntegrityError:
        # Two requests with one key raced: the loser's insert rolled back; answer with
        # the winner.
        with db.read() as s:
            found = intake.existing(s, office.id, r.key)
        if found is None:  # another key took this leased number (or token) first
            day = datetime.fromisoformat(offline["received_at"]).astimezone(OFFICE_TZ)
            raise offline_rules.used_elsewhere(format_dossier_code(
                office.agency_code, day.date(), offline["ledger_no"])) from None
        return intake.replay(found, r.digest)
    _log_received(dossier, r.user, r.data, " offline" if late else " on a leased number")
    return dossier, True


def _log_received(d: models.Dossier, user: models.User, data: dict[str, Any],
                  how: str) -> None:
    log.info("dossier %s received%s by %s for %s (procedure %s)", d.code, how, user.username,
             mask_id_number(data["applicant"]["id_number"]), d.procedure_code)


def verified_outcome(db: Database, identity: IdentityProvider, office_id: int,
                     applicant: dict[str, Any], applicant_claim: str,
                     ready: intake.Ready) -> tuple[str, bool]:
    """(outcome, rechecked): the answer this backend gave today to the same claim (read
    with the rest in `ready`), else a check made now (before the write transaction: a
    gateway may take seconds). `rechecked`: the outcome is the backend's where the
    counter had none ("unverified"), or it was checked now."""
    own = ready.own_outcome
    if not ready.keyed:  # a database without its server key (made by hand) creates it
        with db.write() as s:
            own = guard.own_outcome(s, office_id, offline_rules.verify_request(applicant),
                                    clock.utc_now())
    if own is not None:
        return own, applicant_claim == "unverified"
    return offline_rules.recheck(identity, applicant), True


CLI_ACTOR = schemas.ReceivedBy(username="cli", full_name="Dòng lệnh máy chủ")


def _person(u: models.User | None) -> schemas.ReceivedBy:
    return CLI_ACTOR if u is None else schemas.ReceivedBy(username=u.username,
                                                          full_name=u.full_name)


def _returned(d: models.Dossier) -> schemas.Returned | None:
    if d.returned_at is None or not d.return_info:
        return None
    return schemas.Returned(at=local(d.returned_at), by=_person(d.returned_by), **d.return_info)


def find(db: Database, office_id: int, code: str) -> models.Dossier | None:
    with db.read() as s:
        return s.scalar(select(models.Dossier).where(
            models.Dossier.office_id == office_id, models.Dossier.code == code))


def by_token(db: Database, token: str) -> models.Dossier | None:
    with db.read() as s:
        return s.scalar(select(models.Dossier).where(models.Dossier.tracking_token == token))


def local(dt: datetime) -> datetime:
    return dt.astimezone(OFFICE_TZ)


def to_schema(d: models.Dossier, base_url: str) -> schemas.Dossier:
    p = d.procedure
    return schemas.Dossier(
        code=d.code, tracking_token=d.tracking_token,
        tracking_url=f"{base_url}/t/{d.tracking_token}", status=d.status,
        received_at=local(d.received_at), due_at=local(d.due_at),
        procedure=procedure_schema(p), applicant=schemas.Applicant(**d.applicant),
        documents=[schemas.DocumentLine(**x) for x in d.documents], sets=d.sets,
        result_delivery=d.result_delivery, fee=d.fee,
        received_by=schemas.ReceivedBy(username=d.received_by.username,
                                       full_name=d.received_by.full_name),
        identity_outcome=d.identity_outcome, ledger_no=d.ledger_no, ticket_id=d.ticket_id,
        delivery_address=d.delivery_address,
        history=[_step_schema(h) for h in d.history],
        portal_status=portal_code(d.status), current_unit=d.current_unit,
        original_due_at=local(d.original_due_at) if d.original_due_at else None,
        extensions=d.extensions or 0,
        proxy=schemas.Proxy(**d.proxy) if d.proxy else None,
        returned=_returned(d), offline=bool(d.offline),
        identity_rechecked=bool(d.identity_rechecked), note=d.note,
        personal_data_removed=d.personal_data_removed_at is not None,
    )


def _step_schema(h: models.DossierHistory) -> schemas.StatusStep:
    return schemas.StatusStep(
        status=h.status, at=local(h.at), by=_person(h.user), note=h.note,
        kind=h.kind or "status",  # type: ignore[arg-type]  # the column holds only these
        due_by=local(h.due_by) if h.due_by else None, from_unit=h.from_unit,
        to_unit=h.to_unit, form_no=h.form_no)


def procedure_schema(p: models.Procedure) -> schemas.Procedure:
    return schemas.Procedure(
        code=p.code, name=p.name, field=p.field, processing_days=p.processing_days,
        processing_unit=p.processing_unit, fee=p.fee,
        documents=[schemas.DocumentSpec(**x) for x in p.documents],
        result_delivery=p.result_delivery, cutoff=p.cutoff, sample=bool(p.sample),
        legal_basis=p.legal_basis, online_only=bool(p.online_only), agency_code=p.agency_code,
    )
