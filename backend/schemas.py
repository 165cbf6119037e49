"""Request and response bodies: the contract in docs/api.md, served as OpenAPI."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Sex = Literal["Nam", "Nữ"]
Role = Literal["clerk", "supervisor", "admin", "kiosk", "display"]
Outcome = Literal["matched", "mismatched", "not_found", "unavailable"]
Delivery = Literal["counter", "post"]
Unit = Literal["working_days", "calendar_days", "working_hours"]
IdNumber = Field(pattern=r"^[0-9]{12}$", examples=["001090012345"])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Office(BaseModel):
    code: str
    name: str
    agency_code: str
    parent_name: str
    address: str
    hotline: str
    public_base_url: str


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    demo: bool
    office: Office | None


class LoginRequest(Strict):
    username: str = Field(min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=200)


class User(BaseModel):
    username: str
    full_name: str
    role: Role
    office_code: str
    counter_no: int | None


class LoginResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    user: User


class DemoAccount(BaseModel):
    username: str
    password: str
    role: Role
    full_name: str


class DemoCard(BaseModel):
    label: str
    payload: str
    expect: Literal["matched", "mismatched", "not_found"]


class VerifyRequest(Strict):
    id_number: str = IdNumber
    full_name: str = Field(min_length=1, max_length=120)
    date_of_birth: date
    sex: Sex


class VerifyResult(BaseModel):
    outcome: Outcome
    mismatched_fields: list[Literal["full_name", "date_of_birth", "sex"]] = []
    assurance_level: Literal[1, 2] | None = None
    provider: Literal["local", "gateway"]
    message: str
    checked_at: datetime


class DocumentSpec(BaseModel):
    name: str
    originals: int
    copies: int
    required: bool


class Procedure(BaseModel):
    code: str
    name: str
    field: str
    processing_days: int
    processing_unit: Unit
    fee: int
    documents: list[DocumentSpec]
    result_delivery: list[Delivery]
    cutoff: str | None = Field(default=None, description="HH:MM; received later counts from "
                               "the next working day (same-day procedures)")
    sample: bool = Field(default=False, description="sample data, not an office's catalogue")
    legal_basis: str | None = None


class Applicant(Strict):
    id_number: str = IdNumber
    old_id_number: str | None = Field(default=None, pattern=r"^[0-9]{9}$")
    full_name: str = Field(min_length=1, max_length=120)
    date_of_birth: date
    sex: Sex
    address: str = Field(min_length=1, max_length=300)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=120)


class DocumentLine(Strict):
    name: str = Field(min_length=1, max_length=300)
    originals: int = Field(ge=0, le=99)
    copies: int = Field(ge=0, le=99)


class DossierCreate(Strict):
    procedure_code: str = Field(min_length=1, max_length=40)
    applicant: Applicant
    identity_outcome: Literal["matched", "mismatched", "not_found", "unavailable", "unverified"]
    documents: list[DocumentLine] = Field(default=[], max_length=50)
    sets: int = Field(default=1, ge=1, le=20)
    result_delivery: Delivery = "counter"
    note: str | None = Field(default=None, max_length=1000)
    ticket_id: int | None = Field(default=None, ge=1,
                                  description="the queue ticket the applicant came with")
    delivery_address: str | None = Field(default=None, max_length=300,
                                         description="required when result_delivery is post")

class ReceivedBy(BaseModel):
    username: str
    full_name: str


class Dossier(BaseModel):
    code: str
    tracking_token: str
    tracking_url: str
    status: str
    received_at: datetime
    due_at: datetime
    procedure: Procedure
    applicant: Applicant
    documents: list[DocumentLine]
    sets: int
    result_delivery: Delivery
    fee: int
    received_by: ReceivedBy
    identity_outcome: str
    ledger_no: int
    ticket_id: int | None = None
    delivery_address: str | None = None
    history: list[StatusStep] = []
    returned: Returned | None = None


class StatusStep(BaseModel):
    status: str
    at: datetime
    by: ReceivedBy
    note: str | None = None


class Returned(BaseModel):
    at: datetime
    by: ReceivedBy
    collector_name: str
    collector_id_masked: str
    relation: Literal["self", "authorized"]
    identity_outcome: str


class UserAccount(User):
    active: bool
