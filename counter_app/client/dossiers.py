"""Dossier reception beyond form 01 (docs/api-dossiers.md): supplement requests (form 02),
refusals (form 03), status changes, result return and the office calendar.

Like ApiClient, called from pool threads only, never from the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from counter_app.client.api import ApiClient
from counter_app.client.json_values import obj
from counter_app.client.models import Applicant, Dossier, Procedure

KIND_LABELS = {"original": "Bản chính", "certified_copy": "Bản sao chứng thực", "copy": "Bản sao"}


def _by(d: dict[str, Any] | None) -> str:
    d = d or {}
    return d.get("full_name") or d.get("username") or ""


@dataclass(frozen=True)
class MissingItem:
    name: str
    kind: str  # original | certified_copy | copy
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "reason": self.reason}


@dataclass(frozen=True)
class SupplementDraft:
    procedure_code: str
    applicant: Applicant
    missing: tuple[MissingItem, ...]
    reason: str
    contact_name: str
    contact_phone: str
    ticket_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "procedure_code": self.procedure_code, "applicant": self.applicant.to_json(),
            "missing": [m.to_json() for m in self.missing], "reason": self.reason,
            "contact": {"name": self.contact_name, "phone": self.contact_phone},
            "ticket_id": self.ticket_id,
        }


@dataclass(frozen=True)
class RefusalDraft:
    procedure_code: str
    applicant: Applicant
    reason: str
    ticket_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"procedure_code": self.procedure_code, "applicant": self.applicant.to_json(),
                "reason": self.reason, "ticket_id": self.ticket_id}


@dataclass(frozen=True)
class Supplement:
    id: int
    number: str
    created_at: datetime
    procedure: Procedure
    missing: tuple[MissingItem, ...]
    reason: str
    contact_name: str
    contact_phone: str
    created_by: str
    ticket_id: int | None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Supplement:
        contact = obj(d.get("contact"))
        return cls(
            int(d["id"]), d["number"], datetime.fromisoformat(d["created_at"]),
            Procedure.from_json(d["procedure"]),
            tuple(MissingItem(m["name"], m.get("kind") or "original", m.get("reason") or "")
                  for m in d.get("missing") or ()),
            d.get("reason") or "", contact.get("name") or "", contact.get("phone") or "",
            _by(d.get("created_by")), d.get("ticket_id"),
        )


@dataclass(frozen=True)
class Refusal:
    id: int
    number: str
    created_at: datetime
    procedure: Procedure
    reason: str
    created_by: str
    ticket_id: int | None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Refusal:
        return cls(int(d["id"]), d["number"], datetime.fromisoformat(d["created_at"]),
                   Procedure.from_json(d["procedure"]), d.get("reason") or "",
                   _by(d.get("created_by")), d.get("ticket_id"))


@dataclass(frozen=True)
class CalendarOverrides:
    extra_days_off: tuple[date, ...] = ()
    extra_working_days: tuple[date, ...] = ()
    office_hours: tuple[tuple[time, time], ...] = ((time(7, 0), time(11, 30)),
                                                   (time(13, 30), time(17, 0)))
    # Weekend reception sessions (weekday 5/6, start, end): open counter, no time limit.
    reception_sessions: tuple[tuple[int, time, time], ...] = ()
    # The official yearly tables in force (shipped or imported); read only, as JSON.
    official: tuple[dict[str, Any], ...] = ()

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> CalendarOverrides:
        hours = tuple((time.fromisoformat(a), time.fromisoformat(b))
                      for a, b in d.get("office_hours") or ())
        reception = tuple((int(w), time.fromisoformat(a), time.fromisoformat(b))
                          for w, a, b in d.get("reception_sessions") or ())
        return cls(tuple(sorted(date.fromisoformat(x) for x in d.get("extra_days_off") or ())),
                   tuple(sorted(date.fromisoformat(x) for x in d.get("extra_working_days") or ())),
                   hours or cls.office_hours, reception,
                   tuple(obj(t) for t in d.get("official") or ()))

    def to_json(self) -> dict[str, Any]:
        """What the admin may change (the official tables change by import only)."""
        return {
            "extra_days_off": [d.isoformat() for d in sorted(self.extra_days_off)],
            "extra_working_days": [d.isoformat() for d in sorted(self.extra_working_days)],
            "office_hours": [[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in self.office_hours],
            "reception_sessions": [[w, a.strftime("%H:%M"), b.strftime("%H:%M")]
                                   for w, a, b in self.reception_sessions],
        }

    def working_calendar(self):  # -> WorkingCalendar; ValueError when contradictory
        from counter_app.domain.calendar import WorkingCalendar
        from counter_app.domain.official_calendar import NoticeError, year_from_json

        try:
            official = [year_from_json(t) for t in self.official]
        except NoticeError as exc:
            raise ValueError(str(exc)) from None
        return WorkingCalendar(extra_days_off=self.extra_days_off,
                               extra_working_days=self.extra_working_days,
                               office_hours=self.office_hours,
                               official=official,
                               reception_sessions=self.reception_sessions)


class DossierApi:
    def __init__(self, api: ApiClient) -> None:
        self.api = api

    def _call(self, method: str, path: str, **kw: Any) -> Any:
        return self.api.request(method, path, **kw)

    def _write(self, path: str, body: dict[str, Any], key: str) -> Any:
        return self._call("POST", path, json=body, headers={"Idempotency-Key": key})

    def procedures_json(self) -> list[dict[str, Any]]:
        """The catalogue as the backend sent it, for the offline cache."""
        return list(self._call("GET", "/procedures"))

    def calendar_json(self) -> dict[str, Any]:
        return dict(self._call("GET", "/calendar"))

    def save_calendar(self, overrides: CalendarOverrides) -> CalendarOverrides:
        return CalendarOverrides.from_json(
            self._call("PUT", "/admin/calendar", json=overrides.to_json()))

    def import_official_calendar(self, year: int, fmt: str, content: str) -> CalendarOverrides:
        """Next year's notice of days off (fmt "json" or "csv"); ApiError (422) naming the
        line when the file is wrong, and then nothing is imported."""
        return CalendarOverrides.from_json(self._call(
            "POST", "/admin/calendar/official",
            json={"year": year, "format": fmt, "content": content}))

    def supplement(self, draft: SupplementDraft, key: str) -> Supplement:
        return Supplement.from_json(self._write("/supplements", draft.to_json(), key))

    def refusal(self, draft: RefusalDraft, key: str) -> Refusal:
        return Refusal.from_json(self._write("/refusals", draft.to_json(), key))

    def by_token(self, token: str) -> Dossier:
        return Dossier.from_json(self._call("GET", f"/dossiers/by-token/{token}"))

    def by_code(self, code: str) -> Dossier:
        return Dossier.from_json(self._call("GET", f"/dossiers/{code}"))

    def set_status(self, code: str, status: str, note: str | None = None) -> Dossier:
        return Dossier.from_json(self._call("POST", f"/dossiers/{code}/status",
                                            json={"status": status, "note": note}))

    def mark_returned(self, code: str, id_number: str, full_name: str, relation: str,
                      identity_outcome: str, key: str) -> Dossier:
        body = {"collector": {"id_number": id_number, "full_name": full_name,
                              "relation": relation},
                "identity_outcome": identity_outcome}
        return Dossier.from_json(self._write(f"/dossiers/{code}/return", body, key))
