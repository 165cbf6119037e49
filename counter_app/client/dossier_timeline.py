"""A dossier's statutory events over HTTP (docs/api-dossiers.md, "Statutory life"): the
due list, a stop (form 05), the one extension (form 04), hand-overs and the control sheet
(form 06). Called from pool threads only, like ApiClient."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from counter_app.client.api import ApiClient
from counter_app.client.models import Dossier


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class DueItem:
    code: str
    procedure: str
    applicant_name: str
    status: str
    due_at: datetime
    state: str  # due_soon | overdue
    extensions: int
    current_unit: str | None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DueItem:
        return cls(d["code"], d.get("procedure") or "", d.get("applicant_name") or "",
                   d.get("status") or "", datetime.fromisoformat(d["due_at"]),
                   d.get("state") or "", int(d.get("extensions") or 0), d.get("current_unit"))


@dataclass(frozen=True)
class ControlRow:
    from_unit: str
    to_unit: str
    at: datetime
    due_by: datetime | None
    result: str | None  # early | on_time | late
    note: str | None
    by: str


@dataclass(frozen=True)
class ControlSheet:
    code: str
    procedure: str
    resolving_agency: str
    cooperating_units: tuple[str, ...]
    received_at: datetime
    due_at: datetime
    current_unit: str | None
    rows: tuple[ControlRow, ...]

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ControlSheet:
        rows = tuple(ControlRow(r["from_unit"], r["to_unit"], datetime.fromisoformat(r["at"]),
                                _dt(r.get("due_by")), r.get("result"), r.get("note"),
                                r.get("by") or "") for r in d.get("rows") or ())
        return cls(d["code"], d.get("procedure") or "", d.get("resolving_agency") or "",
                   tuple(d.get("cooperating_units") or ()),
                   datetime.fromisoformat(d["received_at"]),
                   datetime.fromisoformat(d["due_at"]), d.get("current_unit"), rows)


class TimelineApi:
    def __init__(self, api: ApiClient) -> None:
        self.api = api

    def _write(self, code: str, what: str, body: dict[str, Any], key: str | None) -> Dossier:
        headers = {"Idempotency-Key": key or uuid.uuid4().hex}
        return Dossier.from_json(self.api.request("POST", f"/dossiers/{code}/{what}",
                                                  json=body, headers=headers))

    def due(self) -> list[DueItem]:
        return [DueItem.from_json(x) for x in self.api.request("GET", "/dossiers/due")]

    def stop(self, code: str, kind: str, reason: str, key: str | None = None) -> Dossier:
        return self._write(code, "stop", {"kind": kind, "reason": reason}, key)

    def extend(self, code: str, reason: str, new_due_at: datetime,
               key: str | None = None) -> Dossier:
        return self._write(code, "extension", {"reason": reason,
                                               "new_due_at": new_due_at.isoformat()}, key)

    def handover(self, code: str, to_unit: str, step_due_at: datetime | None = None,
                 note: str | None = None, key: str | None = None) -> Dossier:
        body: dict[str, Any] = {"to_unit": to_unit, "note": note}
        if step_due_at is not None:
            body["step_due_at"] = step_due_at.isoformat()
        return self._write(code, "handovers", body, key)

    def control(self, code: str) -> ControlSheet:
        return ControlSheet.from_json(self.api.request("GET", f"/dossiers/{code}/control"))


def ledger_book(api: ApiClient, first: date, last: date, field: str | None,
                fmt: str) -> bytes | dict[str, Any]:
    """Form 07 over a period: the file the backend makes (csv, xlsx) or its JSON rows."""
    params = {"from": first.isoformat(), "to": last.isoformat(), "format": fmt}
    if field:
        params["field"] = field
    if fmt == "json":
        return dict(api.request("GET", "/ledger/book", params=params))
    return api.request("GET", "/ledger/book", params=params, raw=True)
