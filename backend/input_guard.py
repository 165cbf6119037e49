"""Refuse hostile input before any route sees it: oversized headers, NUL or broken Unicode
anywhere in the request, and a non-JSON body sent to an operation that takes JSON.

- NUL: PostgreSQL refuses it in text ("A string literal cannot contain NUL"), so a NUL
  in a name, a code or a path segment would be a 500 there; SQLite would store it.
- A lone UTF-16 surrogate ("\\ud800" in JSON) becomes a Python string no database
  driver can encode: a 500 again.
- A body in text/plain or a form sent to a JSON operation: FastAPI would answer a 422
  that echoes the raw body back; a 415 says what is wrong.
- Headers over 16 KiB: no client of ours sends more than a token; uvicorn's httptools
  parser has no limit of its own (a reverse proxy in front should set one too).

The whole body is read first; BodyLimit, outside this middleware, bounds it.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote_to_bytes

from backend.body_types import BodyTypes

MAX_HEADER_BYTES = 16 * 1024
BAD_TEXT = ("Dữ liệu gửi lên có ký tự không hợp lệ (ký tự NUL hoặc mã Unicode hỏng); "
            "hãy nhập lại nội dung đó.")
NOT_JSON = ("Định dạng dữ liệu không được hỗ trợ: thao tác này nhận JSON "
            "(Content-Type: application/json).")
BIG_HEADERS = "Phần tiêu đề (header) của yêu cầu quá lớn."
# One JSON escape: \uXXXX, or a backslash and any other character, so that "\\u0000"
# (an escaped backslash, then "u0000") is read as text and not as a NUL.
_ESCAPE = re.compile(rb"\\(?:u([0-9a-fA-F]{4})|.)", re.S)


def has_bad_text(data: bytes, json_escapes: bool = True) -> bool:
    """NUL or half a surrogate pair, raw or (json_escapes) as a JSON \\u escape."""
    if b"\x00" in data:
        return True
    if not json_escapes or b"\\" not in data:
        return False
    pending = -1  # where a high-surrogate escape ended that still waits for its low half
    for m in _ESCAPE.finditer(data):
        code = int(m.group(1), 16) if m.group(1) else -1
        if pending >= 0:
            if m.start() == pending and 0xDC00 <= code <= 0xDFFF:
                pending = -1
                continue
            return True
        if code == 0 or 0xDC00 <= code <= 0xDFFF:
            return True
        if 0xD800 <= code <= 0xDBFF:
            pending = m.end()
    return pending >= 0


def is_json(content_type: bytes) -> bool:
    kind = content_type.split(b";", 1)[0].strip().lower()
    return kind == b"application/json" or (kind.startswith(b"application/")
                                           and kind.endswith(b"+json"))


async def _refuse(send: Any, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class InputGuard:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.body_types = BodyTypes()

    async def _types(self, scope: dict) -> frozenset[str]:
        app = scope.get("app")  # Starlette puts the application in the scope
        if app is None or not hasattr(app, "routes"):
            return frozenset()
        return await self.body_types.at(app, scope["method"], scope["path"])

    async def _takes_only_json(self, scope: dict) -> bool:
        return await self._types(scope) == {"application/json"}

    async def _takes_bytes(self, scope: dict, content_type: bytes) -> bool:
        """A route declared to take raw bytes (a digitised file's chunk): NULs are its data."""
        return (content_type.split(b";")[0].strip() == b"application/octet-stream"
                and await self._types(scope) == {"application/octet-stream"})

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan" and hasattr(scope.get("app"), "routes"):
            self.body_types.start(scope["app"])  # ready before the first upload
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = scope["headers"]
        if sum(len(name) + len(value) for name, value in headers) > MAX_HEADER_BYTES:
            return await _refuse(send, 431, BIG_HEADERS)
        query = unquote_to_bytes(scope.get("query_string", b""))
        if "\x00" in scope["path"] or has_bad_text(query, json_escapes=False):
            return await _refuse(send, 422, BAD_TEXT)
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        content_type = dict(headers).get(b"content-type", b"")
        if body and not is_json(content_type) and await self._takes_only_json(scope):
            return await _refuse(send, 415, NOT_JSON)
        if not await self._takes_bytes(scope, content_type) and has_bad_text(
                body, json_escapes=is_json(content_type)):
            return await _refuse(send, 422, BAD_TEXT)
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if replayed:
                return await receive()  # later calls wait for the client to disconnect
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
