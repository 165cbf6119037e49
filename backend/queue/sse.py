"""What a queue event stream needs, shared by the writer, the PostgreSQL listener and the
stream route: the wire encoding of one event, where a transaction keeps the events it
recorded until its commit, and reading stored events back (a replay after Last-Event-ID, or
a NOTIFY too large for its payload)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import models

# Session.info key: (office id, seq, chunk) triples recorded in this transaction, published
# after its commit.
PENDING = "queue_events"


def sse_chunk(seq: int, payload: dict[str, Any]) -> bytes:
    data = json.dumps({**payload, "seq": seq}, ensure_ascii=False, separators=(",", ":"))
    return f"id: {seq}\nevent: {payload['type']}\ndata: {data}\n\n".encode()


def stored_chunk(s: Session, seq: int) -> bytes:
    """The event as streamed, or b"" when it is gone (purged with its day)."""
    ev = s.get(models.TicketEvent, seq)
    return sse_chunk(ev.id, ev.payload) if ev is not None else b""


def replay(s: Session, office_id: int, day: date, after: int) -> list[tuple[int, bytes]]:
    rows = s.execute(select(models.TicketEvent.id, models.TicketEvent.payload).where(
        models.TicketEvent.office_id == office_id, models.TicketEvent.day == day,
        models.TicketEvent.id > after).order_by(models.TicketEvent.id)).all()
    return [(seq, sse_chunk(seq, payload)) for seq, payload in rows]
