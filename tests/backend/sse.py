"""A minimal SSE reader on its own thread (the display's side), for tests and benchmarks."""

from __future__ import annotations

import json
import queue
import socket
import threading
import time

import httpx


class SseReader:
    def __init__(self, base_url: str, token: str, params: dict | None = None,
                 headers: dict | None = None) -> None:
        self.events: queue.Queue[tuple[float, dict]] = queue.Queue()
        self.connected = threading.Event()
        self._keepalives = threading.Semaphore(0)
        self._client = httpx.Client(base_url=base_url, timeout=httpx.Timeout(10, read=None),
                                    headers={"Authorization": f"Bearer {token}",
                                             **(headers or {})})
        self._params = params or {}
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.status: int | None = None
        self._response: httpx.Response | None = None

    def __enter__(self) -> SseReader:
        self._thread.start()
        assert self.connected.wait(10), "event stream did not open"
        return self

    def __exit__(self, *exc: object) -> None:
        # Closing the client does not wake a thread blocked in recv(); shutting the socket
        # down does.
        sock = self._response and self._response.extensions["network_stream"].get_extra_info(
            "socket")
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._thread.join(5)
        self._client.close()

    def _run(self) -> None:
        data: list[str] = []
        try:
            with self._client.stream("GET", "/queue/events", params=self._params) as r:
                self._response = r
                self.status = r.status_code
                for line in r.iter_lines():
                    if line.startswith(": connected"):
                        self.connected.set()
                    elif line.startswith(": keep-alive"):
                        self._keepalives.release()
                    elif line.startswith("data:"):
                        data.append(line[5:].strip())
                    elif line == "" and data:
                        self.events.put((time.perf_counter(), json.loads("".join(data))))
                        data = []
        except (httpx.HTTPError, RuntimeError, OSError):
            pass  # closed by __exit__
        finally:
            self.connected.set()

    def keepalives(self, count: int, timeout: float) -> bool:
        """Whether `count` keep-alive comments arrive, each within `timeout` seconds."""
        return all(self._keepalives.acquire(timeout=timeout) for _ in range(count))

    def ended(self, timeout: float) -> bool:
        """Whether the server ended the stream within `timeout` seconds."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def next(self, type_: str, timeout: float = 2.0) -> tuple[float, dict]:
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no {type_!r} event within {timeout} s")
            at, ev = self.events.get(timeout=left)
            if ev["type"] == type_:
                return at, ev
