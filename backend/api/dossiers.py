from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request, Response

from backend import audit, schemas
from backend.deps import BAD_KEY, ClerkPlus, DbDep, SettingsDep, check_key
from backend.dossiers import receive
from backend.offices import base_url
from counter_app.domain import online_only

router = APIRouter(prefix="/dossiers", tags=["dossiers"])


@router.post("", response_model=schemas.Dossier, status_code=201,
             responses={200: {"model": schemas.Dossier, "description": "replay of the same key"},
                        400: {"description": BAD_KEY}, 409: {"description": f"{receive.KEY_REUSED} / "
                                                     f"{online_only.PAPER_REFUSED}"}})
def create_dossier(body: schemas.DossierCreate, request: Request, user: ClerkPlus, db: DbDep,
                   settings: SettingsDep,
                   idempotency_key: Annotated[str | None, Header()] = None) -> Response:
    key = check_key(idempotency_key)
    dossier, created = receive.create(db, request.app.state.calendars, user, body, key,
                                      identity=request.app.state.identity)
    answer = receive.to_schema(dossier, base_url(dossier.office, settings))
    # Encoded here: returned as a model, it would be validated a second time against
    # response_model before encoding (20 clerks saving at once, issue 16).
    return Response(answer.model_dump_json(), status_code=201 if created else 200,
                    media_type="application/json")


@router.get("/{code}", response_model=schemas.Dossier)
def get_dossier(code: str, user: ClerkPlus,
                db: DbDep,
                settings: SettingsDep) -> schemas.Dossier:
    dossier = receive.find(db, user.office_id, code)
    if dossier is None:
        raise HTTPException(404, "Không tìm thấy hồ sơ có mã này.")
    audit.record_read(db, user.office_id, user, audit.DOSSIER_VIEWED, dossier.code, via="code")
    return receive.to_schema(dossier, base_url(dossier.office, settings))
