"""A lobby display's event stream (GET /queue/events) on asyncio, for load benchmarks:
tests/backend/sse.py needs a thread and an httpx client per display, and a hundred of them
would cost this 2-core machine more CPU than the streams themselves. Only `called` events
are decoded (the rest are counted); a stream that ends while it should not is reconnected
with Last-Event-ID, as a display does, and counted as a drop.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from urllib.parse import urlsplit


class Display:
    def __init__(self, api: str, token: str, on_called: Callable[[int, float], None]) -> None:
        parts = urlsplit(api)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path = parts.path.rstrip("/") + "/queue/events"
        self.token = token
        self.on_called = on_called
        self.connected = asyncio.Event()
        self.events = 0
        self.drops = 0
        self._last_id = ""
        self._task: asyncio.Task[None] | None = None
        self._writer: asyncio.StreamWriter | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        if self._writer is not None:
            self._writer.close()

    async def _run(self) -> None:
        while True:
            try:
                await self._follow()
            except (OSError, asyncio.IncompleteReadError, ValueError):
                pass
            self.drops += 1  # a display's stream never ends by itself during the hour
            await asyncio.sleep(1.0)  # the server's `retry: 1000`

    async def _follow(self) -> None:
        reader, self._writer = await asyncio.open_connection(self.host, self.port)
        resume = f"Last-Event-ID: {self._last_id}\r\n" if self._last_id else ""
        self._writer.write((f"GET {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                            f"Authorization: Bearer {self.token}\r\n{resume}"
                            "Accept: text/event-stream\r\n\r\n").encode())
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        status = head.split(" ", 2)[1]
        if status != "200" or "chunked" not in head.lower():
            raise ValueError(f"event stream answered {status}")
        buffer = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            if size == 0:
                return
            buffer += await reader.readexactly(size)
            await reader.readexactly(2)
            at = time.perf_counter()
            *blocks, buffer = buffer.split(b"\n\n")
            for block in blocks:
                self._block(block, at)

    def _block(self, block: bytes, at: float) -> None:
        if block.startswith(b"retry:") or b": connected" in block:
            self.connected.set()
            return
        if not block.startswith(b"id: "):
            return  # keep-alive comment
        self.events += 1
        lines = block.split(b"\n")
        self._last_id = lines[0][4:].decode()
        if lines[1] == b"event: called":
            data = json.loads(lines[2][6:])
            self.on_called(data["ticket"]["id"], at)
