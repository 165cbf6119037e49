"""Bodies of offline reception (docs/api-offline.md): leases of ledger numbers and the
`offline` part of a dossier received while the counter could not reach the backend."""

from __future__ import annotations

from datetime import date

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

MAX_ROW_ID = 2**31 - 1  # PostgreSQL INTEGER, as backend.schemas (which imports this module)

MAX_LEASE = 100


class Strict(BaseModel):
    # backend.schemas imports this module (DossierCreate.offline): same rules, no cycle.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LeaseCreate(Strict):
    day: date
    size: int = Field(ge=1, le=MAX_LEASE)


class Lease(BaseModel):
    id: int
    day: date
    agency_code: str
    first: int
    last: int
    used: list[int] = Field(description="ledger numbers already used by dossiers")
    expires_day: date = Field(description="the last day a dossier may be received on it "
                                          "(a late sync of that day's dossiers still works)")
    database_id: str = Field(description="the identity of the database that granted it: "
                                         "its numbers are valid there only")


class OfflineReceipt(Strict):
    lease_id: int = Field(ge=1, le=MAX_ROW_ID)
    ledger_no: int = Field(ge=1, le=9999, description="the code's 4-digit daily number")
    received_at: AwareDatetime = Field(description="when the clerk received it, with offset")
    # secrets.token_urlsafe(24) gives 32 characters (192 bits).
    tracking_token: str = Field(pattern=r"^[A-Za-z0-9_-]{32,64}$")
    database_id: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{32}$",
        description="the database that granted the lease; another database answers 409")

