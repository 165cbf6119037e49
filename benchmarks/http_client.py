"""Simulated devices (a counter PC, a kiosk) talking HTTP/1.1 to the backend, in the spirit
of benchmarks/http_load.py: tens of microseconds of client CPU per request, so that on a
2-core machine the figures are the server's, not the generator's.

A device keeps its connection alive between requests, but the server closes an idle one
after its keep-alive (backend/settings.py, 5 s) and the counter app's httpx pool forgets it
after 5 s too: past IDLE_S the next request opens a new connection, and the connect is
part of its latency, as the counter app would see it. Two requests of one device at once
(a kiosk printing while the previous answer is late) each get a connection of their own.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from urllib.parse import urlsplit

from benchmarks.http_load import _read_response

IDLE_S = 4.0


class _Conn:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.used = time.monotonic()

    def close(self) -> None:
        self.writer.close()


class Device:
    """One device's requests, with its bearer token, against one backend instance."""

    def __init__(self, api: str, token: str) -> None:
        parts = urlsplit(api)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self._auth = f"Authorization: Bearer {token}\r\n"
        self._idle: list[_Conn] = []

    async def _conn(self) -> _Conn:
        while self._idle:
            c = self._idle.pop()
            if time.monotonic() - c.used < IDLE_S and not c.reader.at_eof():
                return c
            c.close()
        return _Conn(*await asyncio.open_connection(self.host, self.port))

    async def request(self, method: str, path: str, body: dict | None = None,
                      timeout: float = 30.0) -> tuple[int, bytes]:
        """(status, body). A POST carries a fresh Idempotency-Key, as the app sends.
        Raises OSError, asyncio.IncompleteReadError or TimeoutError on a broken exchange."""
        payload = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
        head = f"{method} {self.prefix}{path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        head += self._auth
        if method == "POST":
            head += (f"Idempotency-Key: {os.urandom(16).hex()}\r\n"
                     "Content-Type: application/json\r\n")
        head += f"Content-Length: {len(payload)}\r\n\r\n"
        c = await self._conn()
        try:
            c.writer.write(head.encode() + payload)
            status, answer, close = await asyncio.wait_for(_read_response(c.reader), timeout)
        except BaseException:
            c.close()  # half an exchange: the connection is no use to anyone
            raise
        if close:
            c.close()
        else:
            c.used = time.monotonic()
            self._idle.append(c)
        return status, answer

    def close(self) -> None:
        for c in self._idle:
            c.close()
        self._idle.clear()
