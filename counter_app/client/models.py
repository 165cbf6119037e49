"""Typed views of the backend's JSON (docs/api.md); checked against the real server in e2e."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from counter_app.client.json_values import obj


@dataclass(frozen=True)
class Office:
    code: str
    name: str
    agency_code: str
    parent_name: str = ""
    address: str = ""
    hotline: str = ""
    public_base_url: str = ""
    receipt_qr: str = "tracking"  # counter_app/domain/receipt_qr.py

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Office:
        return cls(
            code=d.get("code", ""), name=d.get("name", ""), agency_code=d.get("agency_code", ""),
            parent_name=d.get("parent_name") or "", address=d.get("address") or "",
            hotline=d.get("hotline") or "", public_base_url=d.get("public_base_url") or "",
            receipt_qr=d.get("receipt_qr") or "tracking",
        )


@dataclass(frozen=True)
class Health:
    version: str
    demo: bool
    office: Office | None
    database_id: str = ""  # the backend database's identity; leases are bound to it

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Health:
        office = d.get("office")
        return cls(str(d.get("version", "")), bool(d.get("demo")),
                   Office.from_json(office) if office else None,
                   str(d.get("database_id") or ""))


@dataclass(frozen=True)
class User:
    username: str
    full_name: str
    role: str
    office_code: str = ""
    counter_no: int | None = None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> User:
        return cls(d["username"], d.get("full_name") or d["username"], d["role"],
                   d.get("office_code") or "", d.get("counter_no"))


@dataclass(frozen=True)
class Session:
    token: str
    expires_at: datetime
    user: User
    # No refresh goes past this (the password login + the backend's session maximum).
    session_expires_at: datetime | None = None


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    full_name: str


@dataclass(frozen=True)
class DemoCard:
    label: str
    payload: str
    expect: str


@dataclass(frozen=True)
class VerifyResult:
    outcome: str  # matched | mismatched | not_found | unavailable
    mismatched_fields: tuple[str, ...]
    assurance_level: int | None
    provider: str
    message: str

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> VerifyResult:
        return cls(d["outcome"], tuple(d.get("mismatched_fields") or ()),
                   d.get("assurance_level"), d.get("provider") or "", d.get("message") or "")


@dataclass(frozen=True)
class DocumentSpec:
    name: str
    originals: int
    copies: int
    required: bool

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DocumentSpec:
        return cls(d["name"], int(d.get("originals", 0)), int(d.get("copies", 0)),
                   bool(d.get("required", True)))


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    field: str
    processing_days: int
    processing_unit: str
    fee: int
    documents: tuple[DocumentSpec, ...]
    result_delivery: tuple[str, ...] = ("counter",)
    cutoff: str | None = None  # "15:00": received later counts from the next working day
    sample: bool = False
    legal_basis: str | None = None
    online_only: bool = False  # Directive 24/CT-TTg: no paper dossier at the counter

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Procedure:
        return cls(
            d["code"], d["name"], d.get("field") or "", int(d.get("processing_days", 0)),
            d.get("processing_unit") or "working_days", int(d.get("fee", 0)),
            tuple(DocumentSpec.from_json(x) for x in d.get("documents") or ()),
            tuple(d.get("result_delivery") or ("counter",)),
            d.get("cutoff"), bool(d.get("sample")), d.get("legal_basis"),
            bool(d.get("online_only")),
        )

    def due_at(self, calendar: Any, received_at: datetime) -> datetime:
        """The appointment by the same rule the backend applies (counter_app.domain.calendar)."""
        from datetime import time as clock

        if self.processing_unit == "calendar_days":
            return calendar.due_at_calendar_days(received_at, self.processing_days)
        if self.processing_unit == "working_hours":
            return calendar.due_at_working_hours(received_at, self.processing_days)
        cutoff = clock.fromisoformat(self.cutoff) if self.cutoff else None
        return calendar.due_at(received_at, self.processing_days, cutoff=cutoff)

    @property
    def processing_text(self) -> str:
        if self.processing_days == 0:
            return "Trong ngày làm việc"
        unit = {"working_days": "ngày làm việc", "calendar_days": "ngày",
                "working_hours": "giờ làm việc"}.get(self.processing_unit, self.processing_unit)
        return f"{self.processing_days:02d} {unit}"


@dataclass(frozen=True)
class Applicant:
    id_number: str
    full_name: str
    date_of_birth: date
    sex: str
    address: str
    old_id_number: str | None = None
    phone: str | None = None
    email: str | None = None
    # "Nơi cư trú" as the card reads (may be empty, or a commune abolished in 2025) when it
    # differs from `address`, the current address the clerk confirmed.
    card_address: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id_number": self.id_number, "old_id_number": self.old_id_number,
            "full_name": self.full_name, "date_of_birth": self.date_of_birth.isoformat(),
            "sex": self.sex, "address": self.address, "phone": self.phone, "email": self.email,
        }
        if self.card_address is not None:  # older requests keep their fingerprints
            out["card_address"] = self.card_address
        return out

    def __repr__(self) -> str:  # never print personal data in a traceback or log
        from counter_app.domain.privacy import mask_id_number, mask_name

        return f"Applicant({mask_id_number(self.id_number)}, {mask_name(self.full_name)})"


@dataclass(frozen=True)
class DocumentLine:
    name: str
    originals: int
    copies: int


@dataclass(frozen=True)
class DossierDraft:
    procedure_code: str
    applicant: Applicant
    identity_outcome: str
    documents: tuple[DocumentLine, ...] = ()
    sets: int = 1
    result_delivery: str = "counter"
    note: str | None = None
    ticket_id: int | None = None
    delivery_address: str | None = None  # required when result_delivery == "post"
    # Form 01's authorised person: {"id_number","full_name","address","phone","email",
    # "authorisation"} when someone files on the applicant's behalf.
    proxy: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        # Optional keys only when set: the backend rejects unknown fields, and older
        # requests keep their idempotency fingerprints.
        extra: dict[str, Any] = {"ticket_id": self.ticket_id} if self.ticket_id is not None else {}
        if self.delivery_address:
            extra["delivery_address"] = self.delivery_address
        if self.proxy:
            extra["proxy"] = dict(self.proxy)
        return {
            **extra,
            "procedure_code": self.procedure_code,
            "applicant": self.applicant.to_json(),
            "identity_outcome": self.identity_outcome,
            "documents": [{"name": d.name, "originals": d.originals, "copies": d.copies}
                          for d in self.documents],
            "sets": self.sets,
            "result_delivery": self.result_delivery,
            "note": self.note,
        }


@dataclass(frozen=True)
class Dossier:
    code: str
    tracking_url: str
    status: str
    received_at: datetime
    due_at: datetime
    procedure: Procedure
    applicant: dict[str, Any] = field(repr=False)
    documents: tuple[DocumentLine, ...]
    sets: int
    result_delivery: str
    fee: int
    received_by: str
    identity_outcome: str
    ledger_no: int
    ticket_id: int | None = None
    delivery_address: str | None = None
    history: tuple[StatusChange, ...] = ()
    returned: Returned | None = None
    offline: bool = False  # received on a leased number while offline (issue 7)
    identity_rechecked: bool = False  # the backend re-ran the eID check afterwards
    note: str | None = None  # the receiving clerk's note (why a mismatched identity was taken)
    waiting: bool = False  # client side: in the outbox, not yet confirmed (client/reception.py)
    portal_status: int = 2  # the status's code on the national portal (1-10)
    current_unit: str | None = None
    original_due_at: datetime | None = None  # the first appointment, when form 04 moved it
    extensions: int = 0
    proxy: dict[str, Any] | None = field(default=None, repr=False)  # personal data

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Dossier:
        by = obj(d.get("received_by"))
        returned = d.get("returned")
        return cls(
            code=d["code"], tracking_url=d["tracking_url"], status=d.get("status", ""),
            received_at=datetime.fromisoformat(d["received_at"]),
            due_at=datetime.fromisoformat(d["due_at"]),
            procedure=Procedure.from_json(d["procedure"]),
            applicant=dict(d.get("applicant") or {}),
            documents=tuple(DocumentLine(x["name"], int(x.get("originals", 0)),
                                         int(x.get("copies", 0)))
                            for x in d.get("documents") or ()),
            sets=int(d.get("sets", 1)), result_delivery=d.get("result_delivery") or "counter",
            fee=int(d.get("fee", 0)),
            received_by=by.get("full_name") or by.get("username") or "",
            identity_outcome=d.get("identity_outcome") or "",
            ledger_no=int(d.get("ledger_no", 0)),
            ticket_id=d.get("ticket_id"),
            delivery_address=d.get("delivery_address"),
            history=tuple(StatusChange.from_json(x) for x in d.get("history") or ()),
            returned=Returned.from_json(returned) if returned else None,
            offline=bool(d.get("offline", False)),
            identity_rechecked=bool(d.get("identity_rechecked", False)),
            note=d.get("note"),
            portal_status=int(d.get("portal_status") or 2),
            current_unit=d.get("current_unit"),
            original_due_at=(datetime.fromisoformat(d["original_due_at"])
                             if d.get("original_due_at") else None),
            extensions=int(d.get("extensions") or 0),
            proxy=dict(d["proxy"]) if d.get("proxy") else None,
        )


@dataclass(frozen=True)
class StatusChange:
    status: str
    at: datetime
    by: str
    note: str | None = None
    kind: str = "status"  # status | handover | extension
    due_by: datetime | None = None
    from_unit: str | None = None
    to_unit: str | None = None
    form_no: str | None = None  # the number printed on form 04 or 05

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> StatusChange:
        by = obj(d.get("by"))
        due = d.get("due_by")
        return cls(d.get("status", ""), datetime.fromisoformat(d["at"]),
                   by.get("full_name") or by.get("username") or "", d.get("note"),
                   kind=d.get("kind") or "status",
                   due_by=datetime.fromisoformat(due) if due else None,
                   from_unit=d.get("from_unit"), to_unit=d.get("to_unit"),
                   form_no=d.get("form_no"))


@dataclass(frozen=True)
class Returned:
    at: datetime
    by: str
    collector_name: str
    collector_id_masked: str

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Returned:
        by = {"full_name": d["by"]} if isinstance(d.get("by"), str) else obj(d.get("by"))
        return cls(datetime.fromisoformat(d["at"]), by.get("full_name") or by.get("username") or "",
                   d.get("collector_name") or "", d.get("collector_id_masked") or "")
