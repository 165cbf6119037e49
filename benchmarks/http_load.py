"""A lean HTTP/1.1 load generator: N clients, each on its own keep-alive connection,
sending requests one after another and timing each answer.

Why not httpx: at 1,000 requests/s its client side costs ~1.4 ms of CPU per request, more
than the server under test, and on a 2-core machine the generator then measures itself
(issue 16). This one writes the request bytes and reads the status line, headers and
Content-Length body off an asyncio stream: tens of microseconds per request. Both the real
backend and the bare baseline are driven by it, so their figures compare.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit


class LoadError(RuntimeError):
    pass


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length, close = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            close = True
    body = await reader.readexactly(length) if length else b""
    return status, body, close


def _request(host: str, path: str, token: str, body: bytes) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"Idempotency-Key: {uuid.uuid4().hex}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


async def post_json(url: str | list[str], token: str, clients: int, per_client: int,
                    body_for: Callable[[int, int], dict], ok: tuple[int, ...] = (200, 201),
                    ) -> Result:
    """`clients` connections × `per_client` POSTs of body_for(client, n) to url (several
    urls: client i uses urls[i % len], e.g. two backend instances); raises LoadError on
    the first answer not in `ok` (a benchmark must not time refusals)."""
    urls = [url] if isinstance(url, str) else url
    result = Result()

    async def one_client(i: int) -> None:
        parts = urlsplit(urls[i % len(urls)])
        host, port, path = parts.hostname or "127.0.0.1", parts.port or 80, parts.path
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for n in range(per_client):
                payload = json.dumps(body_for(i, n)).encode()
                t0 = time.perf_counter()
                writer.write(_request(f"{host}:{port}", path, token, payload))
                status, body, close = await _read_response(reader)
                result.latencies_ms.append((time.perf_counter() - t0) * 1000)
                if status not in ok:
                    raise LoadError(f"{status} {body[:300]!r}")
                if close:
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(one_client(i) for i in range(clients)))
    result.seconds = time.perf_counter() - t0
    return result
