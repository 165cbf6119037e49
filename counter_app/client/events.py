"""The queue's live event stream (Server-Sent Events) on a daemon thread of its own.

A stream stays open for hours, so it gets its own httpx.Client (the shared one has a
5-second read timeout; the server sends a keep-alive comment every 15 s). After a drop it
reconnects with backoff and `after=<last seq>` so no event of the day is missed or seen
twice. Callbacks run on the stream thread: a UI must hand them to its own thread.
"""

from __future__ import annotations

import json
import logging
import ssl
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from counter_app.client.queue import QueueEvent

log = logging.getLogger(__name__)
PATH = "/api/v1/queue/events"
# Three missed keep-alives mean the connection is dead even if TCP has not noticed.
READ_TIMEOUT = 45.0
BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0)

CONNECTING, CONNECTED, DISCONNECTED, UNAUTHORIZED = (
    "connecting", "connected", "disconnected", "unauthorized")


@dataclass(frozen=True)
class SseMessage:
    event: str
    data: str
    id: str | None


def parse_sse(lines: Iterable[str]) -> Iterator[SseMessage]:
    """SSE framing (WHATWG): fields until a blank line; ':' lines are keep-alive comments."""
    event, last_id = "", None
    data: list[str] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if data:
                yield SseMessage(event or "message", "\n".join(data), last_id)
            event, data = "", []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)
        elif name == "id":
            last_id = value


def _ignore_state(_state: str, _message: str) -> None:
    pass


class EventStream:
    def __init__(
        self,
        base_url: str,
        token: Callable[[], str | None],
        on_event: Callable[[QueueEvent], None],
        on_state: Callable[[str, str], None] | None = None,
        *,
        after: int | None = None,
        ca_bundle: str | None = None,
        connect_timeout: float = 3.0,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self._on_event = on_event
        self._on_state: Callable[[str, str], None] = on_state or _ignore_state
        self.last_seq = after  # None: live events only, no replay of the day
        self._stop = threading.Event()
        self._verify: Any = ssl.create_default_context(cafile=ca_bundle) if ca_bundle else True
        self._timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._client: httpx.Client | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="queue-events", daemon=True)
        self._thread.start()

    def stop(self, wait: float = 0.0) -> None:
        """Ends the stream; closing the client wakes a read that is blocked on the socket."""
        self._stop.set()
        client = self._client
        if client is not None:
            try:
                client.close()
            except Exception:  # closing from another thread may race a read: harmless
                pass
        if wait and self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(wait)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- stream thread -------------------------------------------------------------------

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            self._on_state(CONNECTING, "")
            try:
                got_any = self._stream_once()
            except _Unauthorized:
                self._on_state(UNAUTHORIZED, "Phiên đăng nhập đã hết hạn.")
                return
            except Exception as exc:  # any drop: tell the UI, wait, reconnect
                if self._stop.is_set():
                    break
                log.info("event stream dropped: %s: %s", type(exc).__name__, exc)
                self._on_state(DISCONNECTED, "Mất kết nối cập nhật trực tiếp; đang kết nối lại…")
                got_any = False
            failures = 0 if got_any else failures + 1
            self._stop.wait(BACKOFF[min(failures, len(BACKOFF) - 1)] if failures else 0.2)
        log.debug("event stream stopped")

    def _stream_once(self) -> bool:
        """One connection; True when it delivered something before it ended."""
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        token = self._token()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        params: dict[str, int] = {}
        if self.last_seq is not None:
            params["after"] = self.last_seq
            headers["Last-Event-ID"] = str(self.last_seq)
        got_any = False
        with httpx.Client(base_url=self.base_url, timeout=self._timeout,
                          verify=self._verify) as client:
            self._client = client
            if self._stop.is_set():
                return False
            with client.stream("GET", PATH, params=params,
                               headers=headers) as response:
                if response.status_code in (401, 403):
                    raise _Unauthorized()
                response.raise_for_status()
                self._on_state(CONNECTED, "")
                for message in parse_sse(response.iter_lines()):
                    got_any = True
                    if self._stop.is_set():
                        break
                    self._deliver(message)
        return got_any

    def _deliver(self, message: SseMessage) -> None:
        try:
            event = QueueEvent.from_json(json.loads(message.data))
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring malformed queue event %r: %s", message.data[:200], exc)
            return
        if self.last_seq is not None and event.seq and event.seq <= self.last_seq:
            return  # already seen before a reconnect
        self.last_seq = max(self.last_seq or 0, event.seq)
        try:
            self._on_event(event)
        except Exception:
            log.exception("queue event handler failed")


class _Unauthorized(Exception):
    pass
