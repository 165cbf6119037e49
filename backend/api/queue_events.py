"""Server-Sent Events for displays and counters: live queue events, and on reconnect
(`after=` or Last-Event-ID) the day's events missed in between, from the database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from backend import live_session
from backend.db import Database
from backend.deps import CLERK_PLUS, MAX_ROW_ID, DbDep, DisplayOrClerk, TokenDep
from backend.queue import ordering, sse
from backend.queue.broadcast import CLOSE, Broadcaster, Subscription
from backend.sign_in import clock_of

router = APIRouter(prefix="/queue", tags=["queue"])
KEEPALIVE_SECONDS = 15.0
RETRY_MS = 1000  # tells EventSource-style clients how soon to reconnect
STREAM_ROLES = ("display", *CLERK_PLUS)


def _start(after: int | None, last_event_id: str | None) -> int | None:
    # ASCII digits only ("²".isdigit() is True, int("²") fails), and never past what the
    # database's INTEGER column can compare with.
    value = (last_event_id or "").strip()
    if value.isascii() and value.isdecimal():
        return min(max(int(value), after or 0), MAX_ROW_ID)
    return after


def _replay(db: Database, office_id: int, after: int) -> list[tuple[int, bytes]]:
    with db.read() as s:
        return sse.replay(s, office_id, ordering.office_day(), after)


async def _stream(b: Broadcaster, sub: Subscription, db: Database, office_id: int,
                  after: int | None, clock: Any) -> AsyncIterator[bytes]:
    # Subscribed before the replay query runs: an event committed in between arrives on
    # both paths and the seq check drops the second copy.
    try:
        yield f"retry: {RETRY_MS}\n: connected\n\n".encode()
        last = after or 0
        if after is not None:
            for seq, chunk in await run_in_threadpool(_replay, db, office_id, after):
                last = seq
                yield chunk
        while True:
            try:
                item = await asyncio.wait_for(sub.queue.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                # Logout and disable end the streams of this process at once
                # (Broadcaster.end_streams); this check reaches those of other processes,
                # and a session that simply expired.
                if sub.username and not await run_in_threadpool(
                        live_session.still_open, db, sub.username, sub.session,
                        STREAM_ROLES, clock.now()):
                    return
                yield b": keep-alive\n\n"
                continue
            if item is CLOSE:
                return
            seq, chunk = item
            if seq > last:
                last = seq
                yield chunk
    finally:
        b.unsubscribe(sub)


@router.get("/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def stream_events(request: Request, user: DisplayOrClerk, token: TokenDep, db: DbDep,
                        after: Annotated[int | None, Query(ge=0, le=MAX_ROW_ID)] = None,
                        last_event_id: Annotated[str | None, Header()] = None
                        ) -> StreamingResponse:
    b: Broadcaster = request.app.state.broadcaster
    session = await run_in_threadpool(live_session.session_start, db, token)
    sub = b.subscribe(user.office_id, user.username, session)
    return StreamingResponse(
        _stream(b, sub, db, user.office_id, _start(after, last_event_id), clock_of(request)),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
