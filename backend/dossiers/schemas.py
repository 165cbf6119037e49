"""Bodies of docs/api-dossiers.md: status steps, result return, forms 02/03, calendar,
catalogue import."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from backend.schemas import MAX_ROW_ID, Procedure, ReceivedBy, Sex, Strict

# counter_app/domain/dossier_status.py has the steps between them and the portal's codes.
Status = Literal["new", "received", "not_accepted", "processing", "needs_supplement",
                 "awaiting_fee", "withdrawn", "stopped", "ready", "returned"]
Outcome = Literal["matched", "mismatched", "not_found", "unavailable", "unverified"]


class StatusChange(Strict):
    status: Status
    note: str | None = Field(default=None, max_length=1000)


class StopRequest(Strict):
    """Form 05: the citizen withdrew the dossier, or the law stops it."""

    kind: Literal["withdrawn", "stopped"]
    reason: str = Field(min_length=5, max_length=1000)


class ExtensionRequest(Strict):
    """Form 04: the apology with its reason and the one new appointment."""

    reason: str = Field(min_length=5, max_length=1000)
    new_due_at: datetime


class HandoverRequest(Strict):
    """Form 06: the dossier passes to another unit, which must finish its step by
    `step_due_at` (the appointment when not given)."""

    to_unit: str = Field(min_length=2, max_length=120)
    step_due_at: datetime | None = None
    note: str | None = Field(default=None, max_length=500)


class ControlRow(BaseModel):
    from_unit: str
    to_unit: str
    at: datetime
    due_by: datetime | None
    result: Literal["early", "on_time", "late"] | None = Field(
        description="the step just finished (by from_unit) against its due time")
    note: str | None
    by: str


class ControlSheet(BaseModel):
    """Form 06, Phiếu kiểm soát quá trình giải quyết hồ sơ."""

    code: str
    procedure: str
    resolving_agency: str
    cooperating_units: list[str]
    received_at: datetime
    due_at: datetime
    current_unit: str | None
    rows: list[ControlRow]


class DeadlineItem(BaseModel):
    code: str
    procedure: str
    applicant_name: str
    status: str
    due_at: datetime
    state: Literal["due_soon", "overdue"]
    extensions: int
    current_unit: str | None


class Collector(Strict):
    id_number: str = Field(pattern=r"^([0-9]{12}|[0-9]{9})$")
    full_name: str = Field(min_length=1, max_length=120)
    relation: Literal["self", "authorized"]


class ReturnRequest(Strict):
    collector: Collector
    identity_outcome: Outcome


class FormApplicant(Strict):
    """Form 02/03 applicant: the dossier's shape, but only the name is required (a person
    refused at the counter may not have shown a card)."""

    full_name: str = Field(min_length=1, max_length=120)
    id_number: str | None = Field(default=None, pattern=r"^[0-9]{12}$")
    old_id_number: str | None = Field(default=None, pattern=r"^[0-9]{9}$")
    date_of_birth: date | None = None
    sex: Sex | None = None
    address: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=120)
    card_address: str | None = Field(default=None, max_length=300)


class MissingDocument(Strict):
    name: str = Field(min_length=1, max_length=300)
    kind: Literal["original", "certified_copy", "copy"]
    reason: str = Field(default="", max_length=500)


class Contact(Strict):
    name: str = Field(default="", max_length=120)
    phone: str = Field(default="", max_length=20)


class SupplementCreate(Strict):
    procedure_code: str = Field(min_length=1, max_length=40)
    applicant: FormApplicant
    missing: list[MissingDocument] = Field(min_length=1, max_length=50)
    reason: str = Field(default="", max_length=2000)
    contact: Contact | None = None
    ticket_id: int | None = Field(default=None, ge=1, le=MAX_ROW_ID)


class RefusalCreate(Strict):
    procedure_code: str = Field(min_length=1, max_length=40)
    applicant: FormApplicant
    reason: str = Field(min_length=1, max_length=2000)
    ticket_id: int | None = Field(default=None, ge=1, le=MAX_ROW_ID)


class Supplement(BaseModel):
    id: int
    number: str
    created_at: datetime
    procedure: Procedure
    applicant: FormApplicant
    missing: list[MissingDocument]
    reason: str
    contact: Contact | None
    created_by: ReceivedBy
    ticket_id: int | None


class Refusal(BaseModel):
    id: int
    number: str
    created_at: datetime
    procedure: Procedure
    applicant: FormApplicant
    reason: str
    created_by: ReceivedBy
    ticket_id: int | None


class OfficeProcedure(BaseModel):
    code: str
    name: str
    field: str
    offered: bool = Field(description="this office receives dossiers for it")


class OfficeProcedureSwitch(Strict):
    offered: bool


class ImportRowError(BaseModel):
    row: int
    message: str


class ImportResult(BaseModel):
    created: int
    updated: int
    errors: list[ImportRowError] = []


class FileRegister(Strict):
    """A digitised component, after its bytes were uploaded; or an exemption (no file)."""

    component: str = Field(min_length=1, max_length=300)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    size: int = Field(default=0, ge=0, le=100 * 1024 * 1024)
    pages: int = Field(default=0, ge=0, le=300)
    signer: str = Field(default="", max_length=200)
    exempt_reason: str | None = Field(default=None, min_length=5, max_length=500)
    reuse_of: int | None = Field(default=None, ge=1, le=2**31 - 1,
                                 description="an earlier stored file of the same citizen")


class DossierFile(BaseModel):
    id: int
    component: str
    sha256: str | None
    size: int
    pages: int
    signer: str
    exempt_reason: str | None
    digitised_by: str
    digitised_at: datetime
    reused_from: int | None = None  # the earlier file this one reuses


class Reusable(BaseModel):
    """An earlier digitised paper of the same citizen, offered again (never its content)."""

    file_id: int
    component: str
    pages: int
    digitised_at: datetime
    dossier_code: str


class UploadState(BaseModel):
    received: int  # bytes the backend holds of this upload
    stored: bool  # the whole file is stored (nothing more to send)
