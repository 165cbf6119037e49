from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request, Response

from backend import dossiers, schemas
from backend.deps import ClerkPlus, DbDep, SettingsDep

router = APIRouter(prefix="/dossiers", tags=["dossiers"])
BAD_KEY = ("Thiếu hoặc sai tiêu đề Idempotency-Key (8-100 ký tự ASCII, không có khoảng trắng). "
           "Ứng dụng phải gửi kèm mã này để không tạo trùng hồ sơ khi gửi lại.")
_KEY_CHARS = frozenset(chr(c) for c in range(0x21, 0x7F))  # visible ASCII


def _check_key(key: str | None) -> str:
    if key is None or not 8 <= len(key) <= 100 or not set(key) <= _KEY_CHARS:
        raise HTTPException(400, BAD_KEY)
    return key


@router.post("", response_model=schemas.Dossier, status_code=201,
             responses={200: {"model": schemas.Dossier, "description": "replay of the same key"},
                        400: {"description": BAD_KEY}, 409: {"description": dossiers.KEY_REUSED}})
def create_dossier(body: schemas.DossierCreate, request: Request, response: Response,
                   user: ClerkPlus, db: DbDep, settings: SettingsDep,
                   idempotency_key: Annotated[str | None, Header()] = None) -> schemas.Dossier:
    key = _check_key(idempotency_key)
    try:
        dossier, created = dossiers.create(db, request.app.state.calendar, user, body, key)
    except dossiers.DossierError as exc:
        raise HTTPException(exc.status, exc.detail) from None
    response.status_code = 201 if created else 200
    return dossiers.to_schema(dossier, settings.base_url)


@router.get("/{code}", response_model=schemas.Dossier)
def get_dossier(code: str, user: ClerkPlus,
                db: DbDep,
                settings: SettingsDep) -> schemas.Dossier:
    dossier = dossiers.find(db, user.office_id, code)
    if dossier is None:
        raise HTTPException(404, "Không tìm thấy hồ sơ có mã này.")
    return dossiers.to_schema(dossier, settings.base_url)
