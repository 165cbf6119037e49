"""Queue and admin bodies: the contract in docs/api-queue.md, served as OpenAPI."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel, Field

from backend.passwords import MAX_LENGTH, RULE
from backend.schemas import MAX_ROW_ID, Office, Role, Strict

Priority = Literal["elderly", "disability", "pregnant", "child", "other"]
Status = Literal["waiting", "called", "serving", "done", "no_show", "cancelled"]
STATUSES: tuple[Status, ...] = get_args(Status)
CounterState = Literal["open", "paused", "closed"]
Source = Literal["kiosk", "counter"]
EventType = Literal["ticket_issued", "called", "recalled", "started", "finished", "no_show",
                    "returned", "transferred", "cancelled", "counter_paused", "counter_resumed",
                    "office_changed"]
CODE = r"^[A-Z0-9_]{1,20}$"


class Service(BaseModel):
    code: str
    name: str
    prefix: str
    number_start: int
    number_end: int
    daily_cap: int | None
    active: bool
    issued_today: int
    waiting: int


class Ticket(BaseModel):
    id: int
    number: str
    service_code: str
    service_name: str
    priority: Priority | None
    status: Status
    counter_no: int | None
    issued_at: datetime
    called_at: datetime | None
    call_count: int
    waiting_ahead: int
    transferred_from: str | None
    transferred_from_counter: int | None = None
    source: Source


class ClerkRef(BaseModel):
    username: str
    full_name: str


class Counter(BaseModel):
    no: int
    name: str
    service_codes: list[str]
    state: CounterState
    pause_reason: str | None
    current_ticket: Ticket | None
    clerk: ClerkRef | None


class Event(BaseModel):
    type: EventType
    ticket: Ticket | None
    counter_no: int | None
    at: datetime
    seq: int


class DisplayCounter(BaseModel):
    no: int
    name: str
    current_number: str | None


class Display(BaseModel):
    office: Office | None
    counters: list[DisplayCounter]
    last_calls: list[Event]


class TicketIssue(Strict):
    service_code: str = Field(min_length=1, max_length=20)
    priority: Priority | None = None
    # Default: "kiosk" for a kiosk account, "counter" for staff.
    source: Source | None = None


class VoidRequest(Strict):
    reason: str = Field(default="print_failed", min_length=1, max_length=200)


class CallRequest(Strict):
    counter_no: int = Field(ge=1, le=999)


class TransferRequest(Strict):
    service_code: str | None = Field(default=None, min_length=1, max_length=20)
    counter_no: int | None = Field(default=None, ge=1, le=999)


class PauseRequest(Strict):
    reason: str = Field(min_length=1, max_length=200)


# ---- admin ------------------------------------------------------------------------------

class Strategy(Strict):
    mode: Literal["strict", "interleaved"]
    ratio: int = Field(default=2, ge=1, le=10)


class AdminOffice(BaseModel):
    code: str
    name: str
    agency_code: str
    parent_name: str
    address: str
    hotline: str
    public_base_url: str
    queue_strategy: Strategy
    receipt_qr: Literal["tracking", "circular01"] = "tracking"
    waiting_target_min: int = 20
    personal_data_years: int = Field(default=0, description="personal data of closed "
                                     "dossiers is removed after this many years; 0 keeps it")


class OfficeUpdate(Strict):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    agency_code: str | None = Field(default=None, min_length=1, max_length=40)
    parent_name: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=300)
    hotline: str | None = Field(default=None, max_length=40)
    public_base_url: str | None = Field(default=None, max_length=200)
    queue_strategy: Strategy | None = None
    receipt_qr: Literal["tracking", "circular01"] | None = Field(
        default=None, description="what the receipt's QR carries (docs/domain.md)")
    waiting_target_min: int | None = Field(
        default=None, ge=1, le=240,
        description="statistics: tickets waiting longer are over target")
    personal_data_years: int | None = Field(
        default=None, ge=0, le=100,
        description="remove applicants' personal data this many years after a dossier "
                    "closes; 0 keeps it")


class ServiceCreate(Strict):
    code: str = Field(pattern=CODE)
    name: str = Field(min_length=1, max_length=120)
    prefix: str = Field(min_length=1, max_length=2)
    number_start: int = 1
    number_end: int = 999
    daily_cap: int | None = Field(default=None, le=MAX_ROW_ID)  # stored: bounded
    active: bool = True


class ServiceUpdate(Strict):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    prefix: str | None = Field(default=None, min_length=1, max_length=2)
    number_start: int | None = None
    number_end: int | None = None
    daily_cap: int | None = Field(default=None, le=MAX_ROW_ID)  # null lifts the cap
    active: bool | None = None


class CounterCreate(Strict):
    no: int = Field(ge=1, le=999)
    name: str | None = Field(default=None, min_length=1, max_length=100)
    service_codes: list[str] = Field(default=[], max_length=50)
    state: CounterState = "open"


class CounterUpdate(Strict):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    service_codes: list[str] | None = Field(default=None, max_length=50)
    state: CounterState | None = None


class UserCreate(Strict):
    username: str = Field(pattern=r"^[a-z0-9._-]{3,60}$")
    full_name: str = Field(min_length=1, max_length=120)
    role: Role
    # The length is checked with the rest of the rule (backend/passwords.py): one message in
    # Vietnamese, and a refused password is never echoed back in a validation error.
    password: str = Field(min_length=1, max_length=MAX_LENGTH, description=RULE)
    counter_no: int | None = Field(default=None, ge=1, le=999)
    active: bool = True


class UserUpdate(Strict):
    full_name: str | None = Field(default=None, min_length=1, max_length=120)
    role: Role | None = None
    password: str | None = Field(default=None, min_length=1, max_length=MAX_LENGTH,
                                 description=RULE)
    counter_no: int | None = Field(default=None, ge=1, le=999)
    active: bool | None = None


def status(value: str) -> Status:
    """A status from the queue's pure rules (counter_app/domain/queue.py, typed str)."""
    if value not in STATUSES:
        raise ValueError(f"unknown ticket status {value!r}")
    return value
