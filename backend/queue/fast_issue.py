"""POST /api/v1/queue/tickets answered without FastAPI's routing and dependency machinery,
when the request is an ordinary one; anything else goes to the full route unchanged.

Why: with the group commit (issuer.py) the database work of a ticket is a fraction of a
millisecond, and what was left on the event loop was the framework: matching ~200 routes,
solving dependencies, validating the answer again (issue 16: 0.9 ms of CPU per ticket,
the loop's single core the bottleneck at 50 kiosks). This middleware sits innermost, so
the body limit, input guard, clock, request id and request log all still apply.

It answers only tickets issued or replayed. A request with no or an unknown token (not in
the app's TokenCache yet), a role that may not issue, a missing key, a body the model
refuses, or a refusal from the transaction (cap reached, service paused, key reused,
token revoked) is handed, body and all, to the FastAPI route (backend/api/
queue_tickets.py), whose answer is the contract's. Refusals write nothing, so the route
seeing the request again is the same as seeing it first. tests/backend/
test_ticket_fast_path.py checks both paths answer alike.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException
from pydantic import ValidationError

from backend import clock as backend_clock
from backend import schemas_queue as sq
from backend.idempotency import check_key
from backend.queue.issue_batch import ISSUERS, Issued, IssueRequest
from backend.security import token_digest

PATH = "/api/v1/queue/tickets"
_JSON = (b"content-type", b"application/json")


def encode(issued: Issued) -> tuple[int, bytes]:
    """The status and body both paths answer with."""
    body = json.dumps(issued.view, ensure_ascii=False, separators=(",", ":")).encode()
    return (201 if issued.created else 200), body


class TicketFastPath:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if (scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != PATH
                or not getattr(scope["app"].state, "fast_ticket_path", True)):
            return await self.app(scope, receive, send)
        message = await receive()  # InputGuard, outside, hands the whole body at once
        issued = None
        if message["type"] == "http.request" and not message.get("more_body"):
            issued = await _try(scope, message.get("body", b""))
        if issued is None:
            replayed = False

            async def replay() -> dict:
                nonlocal replayed
                if replayed:
                    return await receive()
                replayed = True
                return message

            return await self.app(scope, replay, send)
        status, body = encode(issued)
        await send({"type": "http.response.start", "status": status,
                    "headers": [_JSON, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _headers(scope: dict) -> tuple[bytes | None, bytes | None]:
    auth = key = None
    for name, value in scope["headers"]:
        if name == b"authorization" and auth is None:
            auth = value
        elif name == b"idempotency-key" and key is None:
            key = value
    return auth, key


async def _try(scope: dict, raw: bytes) -> Issued | None:
    app = scope["app"]
    auth, key = _headers(scope)
    if auth is None or key is None:
        return None
    scheme, _, token = auth.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    caller = app.state.token_cache.get(token_digest(token), backend_clock.utc_now())
    if caller is None or caller.role not in ISSUERS:
        return None
    try:
        checked = check_key(key.decode("latin-1"))
        body = sq.TicketIssue.model_validate(json.loads(raw))
    except (HTTPException, ValueError, ValidationError):  # JSONDecodeError is a ValueError
        return None
    try:
        issued = await app.state.issuer.issue(IssueRequest(
            caller.token_digest, body, checked, backend_clock.current().now))
    except Exception:  # a refusal, or a failure: the route answers it
        return None
    scope.setdefault("state", {})["username"] = caller.username  # for the request log
    app.state.issuer.answered_fast += 1
    return issued
