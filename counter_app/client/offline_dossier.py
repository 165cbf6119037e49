"""The request body of a dossier on a leased number, and the Dossier the counter prints
from it before the backend has seen it (docs/api-offline.md).

The body is made once, stored in the outbox, and sent byte for byte on every try: the
backend's idempotency compares bodies, so the first try and a replay a day later are the
same request and one key covers both.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

from counter_app.client.leases import Lease
from counter_app.client.models import (
    DocumentLine,
    Dossier,
    DossierDraft,
    Procedure,
    StatusChange,
)
from counter_app.domain.dossier_code import format_dossier_code

# Outcomes the backend itself answered at the counter's check are kept; "unavailable"
# (the check could not be made) becomes "unverified", which makes the backend re-run the
# eID check when the dossier reaches it.
CHECKED = ("matched", "mismatched", "not_found")

if TYPE_CHECKING:  # the caller holds one already
    from counter_app.domain.calendar import WorkingCalendar


def new_tracking_token() -> str:
    """32 url-safe characters, 192 bits from the OS generator: the receipt QR's secret."""
    return secrets.token_urlsafe(24)


def code_for(lease: Lease, ledger_no: int) -> str:
    return format_dossier_code(lease.agency_code, lease.day, ledger_no)


def offline_body(draft: DossierDraft, lease: Lease, ledger_no: int, received_at: datetime,
                 tracking_token: str) -> dict[str, Any]:
    body = draft.to_json()
    if body["identity_outcome"] not in CHECKED:
        body["identity_outcome"] = "unverified"
    body["offline"] = {"lease_id": lease.id, "ledger_no": ledger_no,
                       "received_at": received_at.isoformat(),
                       "tracking_token": tracking_token}
    if lease.backend_id:  # another database refuses it (409) instead of reusing the number
        body["offline"]["database_id"] = lease.backend_id
    return body


def encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(raw: bytes) -> dict[str, Any]:
    return json.loads(raw.decode("utf-8"))


def local_dossier(body: dict[str, Any], code: str, procedure: Procedure,
                  calendar: WorkingCalendar,
                  public_base_url: str, clerk_name: str) -> Dossier:
    """What the receipt shows: the final code, the appointment by the office calendar the
    counter holds (the backend computes the same from the same received_at)."""
    offline = body["offline"]
    received_at = datetime.fromisoformat(offline["received_at"])
    return Dossier(
        code=code,
        tracking_url=f"{public_base_url.rstrip('/')}/t/{offline['tracking_token']}",
        status="received",
        received_at=received_at,
        due_at=procedure.due_at(calendar, received_at),
        procedure=procedure,
        applicant=dict(body["applicant"]),
        documents=tuple(DocumentLine(d["name"], int(d["originals"]), int(d["copies"]))
                        for d in body.get("documents") or ()),
        sets=int(body.get("sets", 1)),
        result_delivery=body.get("result_delivery") or "counter",
        fee=procedure.fee,
        received_by=clerk_name,
        identity_outcome=body["identity_outcome"],
        ledger_no=int(offline["ledger_no"]),
        ticket_id=body.get("ticket_id"),
        delivery_address=body.get("delivery_address"),
        history=(StatusChange("received", received_at, clerk_name),),
        offline=True,
        waiting=True,
        note=body.get("note"),
        proxy=dict(body["proxy"]) if body.get("proxy") else None,
    )
