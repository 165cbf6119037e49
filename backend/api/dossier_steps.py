"""A dossier after receipt: status steps, lookup by the receipt's QR token, result return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Response

from backend import audit, schemas
from backend.deps import BAD_KEY, ClerkPlus, DbDep, SettingsDep, check_key
from backend.dossiers import lifecycle, receive
from backend.dossiers import schemas as sd
from backend.offices import base_url

router = APIRouter(prefix="/dossiers", tags=["dossiers"])


@router.get("/by-token/{token}", response_model=schemas.Dossier)
def get_by_token(token: str, user: ClerkPlus, db: DbDep,
                 settings: SettingsDep) -> schemas.Dossier:
    d = receive.by_token(db, token[:64])
    if d is None or d.office_id != user.office_id:
        raise HTTPException(404, "Không tìm thấy hồ sơ của mã QR này.")
    audit.record_read(db, user.office_id, user, audit.DOSSIER_VIEWED, d.code, via="receipt_qr")
    return receive.to_schema(d, base_url(d.office, settings))


@router.post("/{code}/status", response_model=schemas.Dossier,
             responses={409: {"description": "illegal step"}, 404: {"description": "unknown"}})
def change_status(code: str, body: sd.StatusChange, user: ClerkPlus, db: DbDep,
                  settings: SettingsDep,
                  idempotency_key: Annotated[str | None, Header()] = None) -> schemas.Dossier:
    key = check_key(idempotency_key) if idempotency_key is not None else None
    d = lifecycle.advance(db, user.office_id, code, body.status, body.note, user, key)
    return receive.to_schema(d, base_url(d.office, settings))


@router.post("/{code}/return", response_model=schemas.Dossier,
             responses={400: {"description": BAD_KEY},
                        409: {"description": "not ready, or the key was used otherwise"}})
def return_result(code: str, body: sd.ReturnRequest, response: Response, user: ClerkPlus,
                  db: DbDep, settings: SettingsDep,
                  idempotency_key: Annotated[str | None, Header()] = None) -> schemas.Dossier:
    key = check_key(idempotency_key)
    d, _ = lifecycle.return_result(db, user, code, body, key)
    return receive.to_schema(d, base_url(d.office, settings))
