"""Request and response bodies: the contract in docs/api.md, served as OpenAPI."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.schemas_offline import OfflineReceipt

Sex = Literal["Nam", "Nữ"]
# Row ids fit PostgreSQL's INTEGER: a bigger number in a body or a path would reach the
# database and fail there (a 500) instead of being refused as input (a 422).
MAX_ROW_ID = 2**31 - 1
Role = Literal["clerk", "supervisor", "admin", "kiosk", "display"]
Outcome = Literal["matched", "mismatched", "not_found", "unavailable"]
Delivery = Literal["counter", "post"]
Unit = Literal["working_days", "calendar_days", "working_hours"]
IdNumber = Field(pattern=r"^[0-9]{12}$", examples=["001090012345"])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    def changes(self, *nullable: str) -> dict[str, Any]:
        """What a PUT asks to change: the fields sent, where null means "leave it as it is"
        except in the `nullable` fields, where null is a value (no daily cap, no counter)."""
        sent = self.model_dump(exclude_unset=True)
        return {k: v for k, v in sent.items() if v is not None or k in nullable}


class Office(BaseModel):
    code: str
    name: str
    agency_code: str
    parent_name: str
    address: str
    hotline: str
    public_base_url: str
    receipt_qr: Literal["tracking", "circular01"] = "tracking"


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    demo: bool
    office: Office | None
    database_id: str = Field(description="this database's identity (a UUID made once): "
                                         "leased numbers are bound to it")


class LoginRequest(Strict):
    username: str = Field(min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=200)
    totp_code: str | None = Field(default=None, max_length=12,
                                  description="6 digits, for an account with TOTP turned on")


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
    # Seconds from now, so a client with a wrong clock still refreshes at half-life.
    expires_in: int
    # No refresh goes past this: the password login plus the session maximum.
    session_expires_at: datetime
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
    online_only: bool = Field(default=False, description="filed online only (Directive "
                              "24/CT-TTg): a paper dossier is refused with 409")
    agency_code: str | None = Field(default=None, description="the resolving agency's "
                                    "e-ID when not the office's: its dossier codes")


class Applicant(Strict):
    id_number: str = IdNumber
    old_id_number: str | None = Field(default=None, pattern=r"^[0-9]{9}$")
    full_name: str = Field(min_length=1, max_length=120)
    date_of_birth: date
    sex: Sex
    address: str = Field(min_length=1, max_length=300)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=120)
    card_address: str | None = Field(
        default=None, max_length=300, description="\"Nơi cư trú\" as the card reads, when it "
        "differs from the current address (empty on some cards, stale after the 2025 mergers)")


class Proxy(Strict):
    """Form 01's authorised person: who files on the applicant's behalf."""

    id_number: str = IdNumber
    full_name: str = Field(min_length=1, max_length=120)
    address: str = Field(default="", max_length=300)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=120)
    authorisation: str = Field(min_length=3, max_length=300,
                               description="the authorisation paper: kind, number, date")


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
    ticket_id: int | None = Field(default=None, ge=1, le=MAX_ROW_ID,
                                  description="the queue ticket the applicant came with")
    delivery_address: str | None = Field(default=None, max_length=300,
                                         description="required when result_delivery is post")
    offline: OfflineReceipt | None = Field(
        default=None, description="received while offline, on a leased number "
                                  "(docs/api-offline.md)")
    proxy: Proxy | None = Field(default=None, description="the authorised person filing "
                                "on the applicant's behalf (form 01)")


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
    proxy: Proxy | None = None
    portal_status: int = Field(default=2, ge=1, le=10,
                               description="the status's code on the national portal")
    current_unit: str | None = Field(default=None, description="the unit holding it now")
    original_due_at: datetime | None = Field(default=None, description="the first "
                                             "appointment, when form 04 moved it")
    extensions: int = 0
    offline: bool = Field(default=False, description="received while the counter was offline")
    personal_data_removed: bool = Field(default=False, description="the applicant's personal "
                                        "data was removed after the retention period")
    identity_rechecked: bool = Field(default=False, description="the backend re-ran the eID "
                                     "check the offline counter could not")
    note: str | None = Field(default=None, description="the receiving clerk's note, e.g. why a "
                             "dossier was taken although the identity check disagreed")


class StatusStep(BaseModel):
    status: str
    at: datetime
    by: ReceivedBy
    note: str | None = None
    kind: Literal["status", "handover", "extension"] = "status"
    due_by: datetime | None = Field(default=None, description="when this step is due")
    from_unit: str | None = None
    to_unit: str | None = None
    form_no: str | None = Field(default=None, description="number of form 04 or 05")


class Returned(BaseModel):
    at: datetime
    by: ReceivedBy
    collector_name: str
    collector_id_masked: str
    relation: Literal["self", "authorized"]
    identity_outcome: str


class UserAccount(User):
    active: bool
    totp: bool = False  # a second sign-in factor is on (admin accounts)


class TotpSecret(BaseModel):
    secret: str
    link: str  # otpauth:// for the phone app (shown as a QR code)


class TotpOn(Strict):
    secret: str = Field(min_length=16, max_length=80)
    code: str = Field(min_length=6, max_length=12)


class Calendar(Strict):
    extra_days_off: list[date] = Field(default=[], max_length=1000)
    extra_working_days: list[date] = Field(default=[], max_length=1000)
    office_hours: list[tuple[str, str]] = Field(
        default=[("07:00", "11:30"), ("13:30", "17:00")], min_length=1, max_length=6)
    # Weekend reception sessions [weekday (5 Sat, 6 Sun), "HH:MM", "HH:MM"]: the counter is
    # open, but time limits still count working days only.
    # A list of 3, not a tuple: a mixed tuple's schema is not valid OpenAPI 3.1 (the fuzz
    # test reads the contract); backend/calendars.py checks each entry.
    reception_sessions: list[Annotated[list[int | str], Field(min_length=3, max_length=3)]] = \
        Field(default=[], max_length=8)
    # The official yearly tables in force (read only here: changed by importing a notice,
    # POST /admin/calendar/official); each {"year", "source", "origin", "days": [...]}.
    official: list[dict[str, Any]] = Field(default=[], max_length=100)


class CalendarImport(Strict):
    """An official yearly schedule file, as text (JSON or CSV: date,kind,name,source)."""

    year: int = Field(ge=2000, le=2100)
    format: Literal["json", "csv"]
    content: str = Field(max_length=500_000)
