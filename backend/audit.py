"""The audit log: who received, returned or changed which dossier (or lease, catalogue,
calendar, account), and when.

`record` adds the row to the session of the change itself, so one commit writes both and
a crash cannot leave a change without its row. `detail` carries codes, statuses, counts
and numbers, never a name, an ID number or an address.

The client address and a request id come from `RequestContext`, a pure ASGI middleware
that keeps them in a context variable (copied into the worker thread that runs a sync
endpoint) and sends the id back as `X-Request-ID`.
"""

from __future__ import annotations

import itertools
import secrets
from contextvars import ContextVar
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from backend import audit_chain, clock, models, rows

_REQUEST: ContextVar[tuple[str | None, str | None]] = ContextVar("audit_request",
                                                                 default=(None, None))

DOSSIER_RECEIVED = "dossier.received"
DOSSIER_RECEIVED_OFFLINE = "dossier.received_offline"
DOSSIER_STATUS = "dossier.status"
DOSSIER_RETURNED = "dossier.returned"
SUPPLEMENT_CREATED = "supplement.created"
REFUSAL_CREATED = "refusal.created"
LEASE_CREATED = "lease.created"
PROCEDURE_IMPORT = "procedure.import"
PROCEDURE_SWITCHED = "procedure.switched"
PROCEDURE_ONLINE_ONLY = "procedure.online_only"
CALENDAR_CHANGED = "calendar.changed"
CALENDAR_IMPORTED = "calendar.imported"
USER_CREATED = "user.created"
USER_CHANGED = "user.changed"
OFFICE_CREATED = "office.created"
OFFICE_CHANGED = "office.changed"
# Reads of applicants' personal data: who looked at which dossier, day book or ID check.
DOSSIER_VIEWED = "dossier.viewed"
LEDGER_EXPORTED = "ledger.exported"
IDENTITY_CHECKED = "identity.checked"
PERSONAL_DATA_REMOVED = "retention.removed"
# Digitised components (issue 14): stored or marked exempt, and every read of a file.
FILE_STORED = "dossier.file_stored"
FILE_READ = "dossier.file_read"
# A citizen helped to file an online-only procedure on the national portal (issue 15).
ONLINE_ASSISTED = "online.assisted"


def record(s: Session, office_id: int, user: models.User | None, action: str,
           code: str | None = None, **detail: Any) -> None:
    add_all(s, [entry(office_id, user, action, code, **detail)])


def entry(office_id: int, user: models.User | None, action: str, code: str | None = None,
          **detail: Any) -> models.AuditEntry:
    """The row, not yet in any chain, stamped with this request's clock, address and id
    (a batch writing other requests' rows calls this in each one's context)."""
    ip, request_id = _REQUEST.get()
    return models.AuditEntry(at=clock.utc_now_s(), office_id=office_id,
                             user_id=user.id if user is not None else None, action=action,
                             code=code, detail=audit_chain.normalised_detail(detail), ip=ip,
                             request_id=request_id)


def add_all(s: Session, entries: list[models.AuditEntry]) -> None:
    audit_chain.append_all(s, entries)  # before add: the head query must not flush an unlinked row
    s.add_all(entries)


def insert_all(s: Session, entries: list[models.AuditEntry]) -> None:
    """add_all for a batch (backend/dossiers/receipt_batch.py): the rows linked, then
    written by one statement instead of one ORM object each."""
    audit_chain.append_all(s, entries)
    s.execute(insert(_TABLE), [rows.values(e, _TABLE) for e in entries])


_TABLE = rows.table_of(models.AuditEntry)


def record_read(db: Any, office_id: int, user: models.User | None, action: str,
                code: str | None = None, **detail: Any) -> None:
    """A read leaves its row in a short transaction of its own (nothing else is written)."""
    with db.write() as s:
        record(s, office_id, user, action, code, **detail)


# Request ids: a random prefix per process and a counter. Unique across instances and
# restarts without reading the OS's random source per request (uuid4 was 5% of a ticket's
# CPU on the event loop).
_PROCESS = secrets.token_hex(5)
_NUMBERS = itertools.count(1)


class RequestContext:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        client = scope.get("client")
        request_id = f"{_PROCESS}{next(_NUMBERS):06x}"
        token = _REQUEST.set((client[0][:45] if client else None, request_id))

        async def with_id(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, with_id)
        finally:
            _REQUEST.reset(token)
