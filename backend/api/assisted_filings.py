"""Assisted online filing: the counter helped a citizen file on the national portal
(docs/api-dossiers.md, "Assisted online filing"; rules in backend/dossiers/assisted.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from backend import models
from backend.deps import BAD_KEY, ClerkPlus, DbDep, check_key
from backend.dossiers import assisted
from backend.schemas import MAX_ROW_ID, ReceivedBy
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.online_only import PORTAL_CODE_MAX

router = APIRouter(prefix="/assisted-filings", tags=["dossiers"])


class AssistedFilingIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    procedure_code: str = Field(min_length=1, max_length=40)
    # The portal's own code, whatever its format: only what no code has is refused.
    portal_code: str = Field(min_length=1, max_length=PORTAL_CODE_MAX, pattern=r"^\S+$",
                             description="the dossier code the national portal gave")
    ticket_id: int | None = Field(default=None, ge=1, le=MAX_ROW_ID,
                                  description="the queue ticket of the citizen helped")


class AssistedFiling(BaseModel):
    id: int
    procedure_code: str
    portal_code: str
    ticket_id: int | None
    at: datetime
    by: ReceivedBy


def _out(row: models.AssistedFiling) -> AssistedFiling:
    return AssistedFiling(id=row.id, procedure_code=row.procedure_code,
                          portal_code=row.portal_code, ticket_id=row.ticket_id,
                          at=row.at.astimezone(OFFICE_TZ),
                          by=ReceivedBy(username=row.user.username,
                                        full_name=row.user.full_name))


@router.post("", response_model=AssistedFiling, status_code=201,
             responses={200: {"model": AssistedFiling, "description": "replay of the same key"},
                        400: {"description": BAD_KEY}, 409: {"description": assisted.KEY_REUSED}})
def record_assisted_filing(body: AssistedFilingIn, response: Response, user: ClerkPlus,
                           db: DbDep, idempotency_key: Annotated[str | None, Header()] = None,
                           ) -> AssistedFiling:
    key = check_key(idempotency_key)
    row, created = assisted.record(db, user, body.model_dump(mode="json"), key)
    response.status_code = 201 if created else 200
    return _out(row)


@router.get("/{filing_id}", response_model=AssistedFiling,
            responses={404: {"description": assisted.NOT_FOUND}})
def get_assisted_filing(filing_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)], user: ClerkPlus,
                        db: DbDep) -> AssistedFiling:
    return _out(assisted.find(db, user.office_id, filing_id))
