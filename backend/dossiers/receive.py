"""Receiving a dossier: idempotent create, code allocation and appointment date."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import unicodedata
from datetime import datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend import audit, clock, models, schemas
from backend.calendars import CalendarStore
from backend.db import Database
from backend.dossiers import first_step, intake
from backend.dossiers import offline as offline_rules
from backend.errors import DomainError
from backend.identity import guard
from backend.identity.base import IdentityProvider
from backend.sequences import next_value
from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar
from counter_app.domain.dossier_code import DossierCodeError, format_dossier_code
from counter_app.domain.dossier_status import portal_code
from counter_app.domain.privacy import mask_id_number

log = logging.getLogger(__name__)


KEY_REUSED = ("Mã chống gửi trùng (Idempotency-Key) này đã được dùng cho một hồ sơ khác "
              "với nội dung khác. Hãy tạo hồ sơ mới với mã mới.")


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


def due_at(calendar: WorkingCalendar, proc: models.Procedure, received_at: datetime) -> datetime:
    n = proc.processing_days
    if proc.processing_unit == "calendar_days":
        return calendar.due_at_calendar_days(received_at, n)
    if proc.processing_unit == "working_hours":
        return calendar.due_at_working_hours(received_at, n)
    cutoff = time.fromisoformat(proc.cutoff) if proc.cutoff else None
    return calendar.due_at(received_at, n, cutoff=cutoff)


def _replay(found: models.Dossier, digest: str) -> tuple[models.Dossier, bool]:
    if found.request_hash != digest:
        raise DomainError(409, "idempotency_key_reused", KEY_REUSED)
    return found, False


def create(db: Database, calendars: CalendarStore, user: models.User,
           body: schemas.DossierCreate, key: str,
           identity: IdentityProvider | None = None) -> tuple[models.Dossier, bool]:
    """(dossier, created). Same key + same body -> the first dossier again.

    With `offline` (docs/api-offline.md): the leased number, the counter's receipt time
    and tracking token; an "unverified" applicant is checked again with `identity`."""
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
    ticket_id = data.get("ticket_id")
    offline = data.get("offline")
    if offline is not None and offline.get("database_id") is None:
        offline.pop("database_id", None)  # same rule one level down
    digest = fingerprint(data)
    office = user.office
    with db.read() as s:
        found = intake.existing(s, office.id, key)
        if found is not None:
            return _replay(found, digest)
        ready = intake.prepare(s, calendars, user, data, clock.utc_now_s(),
                               check_identity=identity is not None)
    proc = ready.proc
    claimed = outcome = data["identity_outcome"]
    rechecked = False
    if identity is not None:  # the backend records what it verified, not the counter's claim
        outcome, rechecked = verified_outcome(db, identity, office.id, data["applicant"],
                                              claimed, ready)
    late = False
    try:
        # Only what must be serialised happens under the write lock: the number, the
        # rows and the audit chain's link (the rest was read above).
        with db.write() as s:
            now = clock.utc_now_s()
            lease_id, arrived_at = None, now
            if offline:
                lease, code, now = offline_rules.claim(s, office, user, offline, now)
                seq, lease_id, token = offline["ledger_no"], lease.id, offline["tracking_token"]
            else:
                day = now.astimezone(OFFICE_TZ).date()
                agency = intake.agency_on(s, ready, day)
                seq, token = next_value(s, agency, day), secrets.token_urlsafe(24)
                try:
                    code = format_dossier_code(agency, day, seq)
                except DossierCodeError as exc:
                    raise DomainError(503, "ledger_exhausted",
                                      "Đã hết số thứ tự hồ sơ trong ngày của cơ "
                                      "quan.") from exc
            dossier = models.Dossier(
                office_id=office.id, code=code, ledger_no=seq,
                tracking_token=token, idempotency_key=key,
                request_hash=digest, status="received", received_at=now,
                due_at=due_at(ready.calendar, proc, now), procedure_code=proc.code,
                applicant=data["applicant"], documents=data["documents"], sets=data["sets"],
                result_delivery=data["result_delivery"], fee=proc.fee,
                identity_outcome=outcome, note=data["note"],
                received_by_id=user.id, ticket_id=ticket_id,
                delivery_address=data.get("delivery_address"), proxy=data.get("proxy"),
                offline=bool(offline), lease_id=lease_id, identity_rechecked=rechecked,
                history=[first_step.received_event(ready.calendar, now, user.id)],
                current_unit=first_step.COUNTER_UNIT, counter_no=ready.counter_no,
            )
            # `offline` only says the counter numbered it; the audit says whether the
            # counter really was cut off (backend/dossiers/offline.py, waited_in_outbox).
            late = bool(offline) and offline_rules.waited_in_outbox(now, arrived_at)
            extra = {"received_at": now.isoformat(), "lease_id": lease_id} if offline else {}
            if late:
                extra["arrived_at"] = arrived_at.isoformat()
            # Linked before the dossier is added: the chain head's query then flushes
            # nothing, and the commit writes dossier, step and audit row in one flush.
            audit.record(s, office.id, user, audit.DOSSIER_RECEIVED_OFFLINE if late
                         else audit.DOSSIER_RECEIVED, code, procedure=proc.code,
                         ledger_no=seq, identity_outcome=outcome,
                         result_delivery=data["result_delivery"], ticket_id=ticket_id,
                         **({"identity_claimed": claimed} if claimed != outcome else {}),
                         **extra)
            s.add(dossier)
    except IntegrityError:
        # Two requests with one key both passed the read above: the loser's insert and
        # its sequence step rolled back; answer with the winner.
        with db.read() as s:
            found = intake.existing(s, office.id, key)
        if found is None:
            if offline:  # another key took this leased number (or token) first
                day = datetime.fromisoformat(offline["received_at"]).astimezone(OFFICE_TZ)
                raise offline_rules.used_elsewhere(format_dossier_code(
                    office.agency_code, day.date(), offline["ledger_no"])) from None
            raise
        return _replay(found, digest)
    intake.give_answer_parts(dossier, proc, user)
    log.info("dossier %s received%s by %s for %s (procedure %s)", code,
             " offline" if late else " on a leased number" if offline else "", user.username,
             mask_id_number(data["applicant"]["id_number"]), proc.code)
    return dossier, True


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
