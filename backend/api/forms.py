"""Supplement requests (form 02) and refusals (form 03)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Response

from backend.deps import BAD_KEY, ClerkPlus, DbDep, check_key
from backend.dossiers import forms
from backend.dossiers import schemas as sd

router = APIRouter(tags=["dossiers"])
_REPLAY: dict[int | str, dict[str, Any]] = {
    200: {"description": "replay of the same key"}, 400: {"description": BAD_KEY}}


@router.post("/supplements", response_model=sd.Supplement, status_code=201, responses=_REPLAY)
def create_supplement(body: sd.SupplementCreate, response: Response, user: ClerkPlus,
                      db: DbDep,
                      idempotency_key: Annotated[str | None, Header()] = None) -> sd.Supplement:
    rec, created = forms.create(db, user, forms.SUPPLEMENT, body, check_key(idempotency_key))
    response.status_code = 201 if created else 200
    return forms.supplement_schema(rec)


@router.post("/refusals", response_model=sd.Refusal, status_code=201, responses=_REPLAY)
def create_refusal(body: sd.RefusalCreate, response: Response, user: ClerkPlus, db: DbDep,
                   idempotency_key: Annotated[str | None, Header()] = None) -> sd.Refusal:
    rec, created = forms.create(db, user, forms.REFUSAL, body, check_key(idempotency_key))
    response.status_code = 201 if created else 200
    return forms.refusal_schema(rec)
