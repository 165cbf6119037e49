from __future__ import annotations

import logging
import unicodedata

from fastapi import APIRouter, Request

from backend import audit, schemas
from backend.deps import ClerkPlus, DbDep
from backend.identity.base import VerifyRequest
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.privacy import mask_id_number

router = APIRouter(prefix="/identity", tags=["identity"])
log = logging.getLogger(__name__)


@router.post("/verify", response_model=schemas.VerifyResult)
def verify(body: schemas.VerifyRequest, request: Request,
           user: ClerkPlus, db: DbDep) -> schemas.VerifyResult:
    provider = request.app.state.identity
    req = VerifyRequest(body.id_number, unicodedata.normalize("NFC", body.full_name),
                        body.date_of_birth, body.sex)
    r = provider.verify(req)
    log.info("identity check %s by %s: %s %s", mask_id_number(body.id_number), user.username,
             r.outcome, ",".join(r.mismatched_fields))
    audit.record_read(db, user.office_id, user, audit.IDENTITY_CHECKED, None,
                      outcome=r.outcome, provider=r.provider)
    return schemas.VerifyResult(outcome=r.outcome, mismatched_fields=list(r.mismatched_fields),
                                assurance_level=r.assurance_level, provider=r.provider,
                                message=r.message,
                                checked_at=r.checked_at.astimezone(OFFICE_TZ))
