"""Pure ASGI middleware: request body limit and one log line per request."""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Any

from counter_app.domain.privacy import loggable_path

log = logging.getLogger("backend.http")
TOO_LARGE = json.dumps({"detail": "Dữ liệu gửi lên quá lớn."}, ensure_ascii=False).encode()


class _TooLarge(Exception):
    pass


async def _send_413(send: Any) -> None:
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(TOO_LARGE)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": TOO_LARGE})


class BodyLimit:
    """413 before the app reads more than `limit` bytes (Content-Length or streamed);
    `larger` names paths with their own limit (a catalogue file is bigger than a form)."""

    def __init__(self, app: Any, limit: int, larger: dict[str, int] | None = None,
                 patterns: dict[str, int] | None = None) -> None:
        self.app = app
        self.default = limit
        self.larger = larger or {}
        # Paths with parameters (a dossier's upload): a regular expression each.
        self.patterns = [(re.compile(p), n) for p, n in (patterns or {}).items()]

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.larger.get(scope["path"]) or next(
            (n for p, n in self.patterns if p.fullmatch(scope["path"])), self.default)
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    if int(value) > limit:
                        return await _send_413(send)
                except ValueError:
                    return await _send_413(send)
        seen = 0
        started = False

        async def limited_receive() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _send_413(send)


class RequestLog:
    """`quiet`: (method, path) pairs whose successful answers are logged at DEBUG, because
    the operation logs its own line (a ticket issued says its number, service and issuer:
    two INFO lines per ticket were a tenth of its CPU at a lobby's pace)."""

    def __init__(self, app: Any, quiet: frozenset[tuple[str, str]] = frozenset()) -> None:
        self.app = app
        self.quiet = quiet

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500

        async def capture(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        except _TooLarge:
            status = 413  # BodyLimit, outside, answers it: not a 500 in the log
            raise
        finally:
            state = scope.get("state") or {}
            path = scope["path"]
            level = logging.DEBUG if path.endswith("/health") or (
                status < 400 and (scope["method"], path) in self.quiet) else logging.INFO
            if log.isEnabledFor(level):
                log.log(level, "%s %s -> %s %.0f ms user=%s", scope["method"],
                        loggable_path(path), status,
                        (time.perf_counter() - started) * 1000, state.get("username", "-"))
