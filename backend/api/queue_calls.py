"""The counter's actions: call next or a given ticket, recall, start, finish, no-show,
return to the queue, transfer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from backend import schemas_queue as sq
from backend.deps import ClerkPlus, CounterNo, QueueDep, TicketId
from backend.queue import actions

router = APIRouter(prefix="/queue", tags=["queue"])
# The counter paused, closed or already serving, or a ticket not in a state for this step:
# a 409 with its Vietnamese reason (schemathesis found it undocumented on call-next).
REFUSED: dict[int | str, dict[str, Any]] = {409: {"description": "the counter or the ticket does not allow this step now"}}


@router.post("/counters/{no}/call-next", response_model=sq.Ticket,
             responses={204: {"description": "nobody waits for this counter's services"},
                        **REFUSED})
def call_next(no: CounterNo, user: ClerkPlus, qw: QueueDep) -> sq.Ticket | Response:
    ticket = actions.call_next(qw, user, no)
    return ticket if ticket is not None else Response(status_code=204)


@router.post("/tickets/{ticket_id}/call", response_model=sq.Ticket, responses=REFUSED)
def call(ticket_id: TicketId, body: sq.CallRequest, user: ClerkPlus, qw: QueueDep) -> sq.Ticket:
    return actions.call(qw, user, ticket_id, body.counter_no)


def _simple(action: str, path: str, doc: str) -> None:
    def endpoint(ticket_id: TicketId, user: ClerkPlus, qw: QueueDep) -> sq.Ticket:
        return actions.act(qw, user, ticket_id, action)

    endpoint.__name__ = action
    endpoint.__doc__ = doc
    router.post(f"/tickets/{{ticket_id}}/{path}", response_model=sq.Ticket,
                responses=REFUSED)(endpoint)


_simple("recall", "recall", "Announce again (call_count + 1).")
_simple("start", "start", "The citizen sits down: serving.")
_simple("finish", "finish", "Done.")
_simple("no_show", "no-show", "Called but did not come.")
_simple("return", "return", "A no-show comes back: waiting again with its first issue time.")


@router.post("/tickets/{ticket_id}/transfer", response_model=sq.Ticket, responses=REFUSED)
def transfer(ticket_id: TicketId, body: sq.TransferRequest, user: ClerkPlus,
             qw: QueueDep) -> sq.Ticket:
    return actions.transfer(qw, user, ticket_id, body)
