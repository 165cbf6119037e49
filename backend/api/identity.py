from __future__ import annotations

import logging
import unicodedata

from fastapi import APIRouter, HTTPException, Request

from backend import clock, schemas
from backend.deps import ClerkPlus, DbDep
from backend.identity import guard
from backend.identity.base import VerifyRequest
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.privacy import mask_id_number

router = APIRouter(prefix="/identity", tags=["identity"])
log = logging.getLogger(__name__)


@router.post("/verify", response_model=schemas.VerifyResult,
             responses={429: {"description": "too many checks of one ID number today, or by "
                                             "one account within an hour (Retry-After)"}})
def verify(body: schemas.VerifyRequest, request: Request,
           user: ClerkPlus, db: DbDep) -> schemas.VerifyResult:
    provider = request.app.state.identity
    req = VerifyRequest(body.id_number, unicodedata.normalize("NFC", body.full_name),
                        body.date_of_birth, body.sex)
    with db.write() as s:
        try:
            guard.admit(s, user, req, clock.utc_now())
        except guard.Refused as exc:
            log.warning("identity check of %s by %s refused: over the limit",
                        mask_id_number(body.id_number), user.username)
            raise HTTPException(429, exc.message,
                                headers={"Retry-After": str(exc.retry_after)}) from None
    r = provider.verify(req)  # outside the write transaction: a gateway may take seconds
    with db.write() as s:
        guard.record(s, user, req, r)
    log.info("identity check %s by %s: %s %s", mask_id_number(body.id_number), user.username,
             r.outcome, ",".join(r.mismatched_fields))
    return schemas.VerifyResult(outcome=r.outcome, mismatched_fields=list(r.mismatched_fields),
                                assurance_level=r.assurance_level, provider=r.provider,
                                message=r.message,
                                checked_at=r.checked_at.astimezone(OFFICE_TZ))
