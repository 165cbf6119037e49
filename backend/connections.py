"""Deadlines and a cap on connections, which uvicorn's h11 server does not have.

uvicorn starts its keep-alive timer only after a first response, so a peer that opens a
connection and sends nothing (or half a header, or a body a byte a minute) holds it
forever; a thousand of them ran the process out of room and the public status page went
dark with everything else. Here every connection must deliver its request headers within
`header_timeout` and its body within `body_timeout`, and past `max_connections` the
oldest connection that is still waiting for headers makes room for the new one (a
stream that a display holds open is never dropped for a newcomer).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

log = logging.getLogger(__name__)


def guarded_h11(header_timeout: float, body_timeout: float,
                max_connections: int) -> type[H11Protocol]:
    class Guarded(_Guarded):
        pass

    Guarded.header_timeout = header_timeout
    Guarded.body_timeout = body_timeout
    Guarded.max_connections = max_connections
    return Guarded


# Per server (its ServerState, shared by all its connections): uvicorn has no slot for it.
_WAITING: weakref.WeakKeyDictionary[ServerState, dict[_Guarded, None]] = (
    weakref.WeakKeyDictionary())


class _Guarded(H11Protocol):
    header_timeout = 10.0
    body_timeout = 30.0
    max_connections = 2000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._timed_cycle: object = None
        # Connections waiting for request headers, oldest first, shared by the server.
        self._waiting = _WAITING.setdefault(self.server_state, {})

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._wait_for_headers()
        if len(self.connections) > self.max_connections:
            oldest = next(iter(self._waiting))
            log.warning("over %d connections: closing the oldest one still without a request",
                        self.max_connections)
            oldest._drop()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self._waiting.pop(self, None)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self._between_requests():
            self._wait_for_headers()  # the first bytes of the next keep-alive request
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()

    def _between_requests(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _wait_for_headers(self) -> None:
        self._arm(self.header_timeout)
        self._waiting[self] = None

    def _follow(self) -> None:
        """Move the deadline along as the request progresses."""
        cycle = self.cycle
        if cycle is None or cycle.response_complete:
            if self.timeout_keep_alive_task is not None:  # uvicorn's keep-alive took over
                self._disarm()
            return
        if cycle is not self._timed_cycle:  # headers in: the body gets its own time
            self._timed_cycle = cycle
            self._waiting.pop(self, None)
            self._arm(self.body_timeout)
        if not cycle.more_body:
            self._disarm()

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        log.debug("closing a connection that did not send its request in time")
        self._drop()

    def _drop(self) -> None:
        self._waiting.pop(self, None)
        self._disarm()
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True
            self.cycle.message_event.set()
        self.transport.close()


def room_for(wanted: int, spare: int = 64) -> int:
    """`wanted` connections if the process may open that many files (the soft limit is
    raised toward the hard one); else as many as fit, leaving `spare` for the database,
    logs and the CA files."""
    try:
        import resource
    except ImportError:  # Windows: no per-process descriptor limit to raise here
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = wanted + spare
    if soft != resource.RLIM_INFINITY and soft < need:
        target = need if hard == resource.RLIM_INFINITY else min(need, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return wanted
    fits = max(1, soft - spare)
    if fits < wanted:
        log.warning("room for %d connections only (open-file limit %d)", fits, soft)
    return min(wanted, fits)
