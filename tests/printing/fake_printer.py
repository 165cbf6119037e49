"""A loopback ESC/POS network printer: answers DLE EOT with the status it is told to have,
keeps what it printed, and can misbehave (never answer, hang up in the middle of a job)."""

from __future__ import annotations

import socket
import threading

DLE_EOT = b"\x10\x04"
READY = {1: 0x16, 2: 0x12, 4: 0x12}
PAPER_OUT = {1: 0x1E, 2: 0x32, 4: 0x72}  # offline, stopped at paper end, sensor says end
COVER_OPEN = {1: 0x1E, 2: 0x16, 4: 0x12}
NEAR_END = {1: 0x16, 2: 0x12, 4: 0x1E}


class FakeNetworkPrinter:
    def __init__(self, status: dict[int, int] | None = None, *, silent: bool = False,
                 close_after: int | None = None) -> None:
        self.status = dict(status or READY)
        self.silent = silent  # accept and read, never answer
        self.close_after = close_after  # hang up after this many job bytes
        self.printed: list[bytes] = []  # one entry per connection that carried job bytes
        self.queries = 0
        self.connections = 0
        self._open = 0  # connections accepted and not yet done with
        self._changed = threading.Condition()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            with self._changed:
                self.connections += 1
                self._open += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        job = bytearray()
        pending = b""
        with conn:
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                data = pending + chunk
                pending = b""
                i = 0
                while i < len(data):
                    if data[i : i + 2] == DLE_EOT:
                        if i + 2 >= len(data):
                            pending = data[i:]
                            break
                        self.queries += 1
                        if not self.silent:
                            conn.sendall(bytes([self.status[data[i + 2]]]))
                        i += 3
                    elif data[i] == 0x10 and i + 1 == len(data):
                        pending = data[i:]
                        break
                    else:
                        job.append(data[i])
                        i += 1
                if self.close_after is not None and len(job) >= self.close_after:
                    del job[self.close_after :]  # the rest never reached the paper
                    conn.shutdown(socket.SHUT_RDWR)
                    break
        with self._changed:
            if job:
                self.printed.append(bytes(job))
            self._open -= 1
            self._changed.notify_all()

    def wait_done(self, timeout: float = 15.0) -> bool:
        """Every connection so far handled to its end (the sender closed it): after the
        print queue is closed, nothing more can reach the paper. A condition, not a delay."""
        with self._changed:
            return self._changed.wait_for(lambda: self._open == 0, timeout)

    def close(self) -> None:
        self._stop = True
        try:
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the accept() in the thread
        except OSError:
            pass
        self._server.close()

    def __enter__(self) -> FakeNetworkPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
