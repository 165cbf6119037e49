"""Recording that the counter helped a citizen file an online-only procedure on the
national portal (docs/api-dossiers.md, "Assisted online filing").

Called from pool threads only, never from the UI thread, like ApiClient."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from counter_app.client.api import ApiClient
from counter_app.client.json_values import obj


@dataclass(frozen=True)
class AssistDraft:
    procedure_code: str
    portal_code: str
    ticket_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"procedure_code": self.procedure_code, "portal_code": self.portal_code,
                "ticket_id": self.ticket_id}


@dataclass(frozen=True)
class AssistedFiling:
    id: int
    procedure_code: str
    portal_code: str
    ticket_id: int | None
    at: datetime

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> AssistedFiling:
        ticket = d.get("ticket_id")
        return cls(int(d["id"]), str(d["procedure_code"]), str(d["portal_code"]),
                   int(ticket) if ticket is not None else None,
                   datetime.fromisoformat(str(d["at"])))


def record_assisted_filing(api: ApiClient, draft: AssistDraft, key: str) -> AssistedFiling:
    """The same key and draft again (a retry after a timeout) answer the first record."""
    answer = api.request("POST", "/assisted-filings", json=draft.to_json(),
                         headers={"Idempotency-Key": key})
    return AssistedFiling.from_json(obj(answer))
