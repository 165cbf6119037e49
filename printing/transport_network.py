"""Raw TCP printers (port 9100, "JetDirect"), one connection per job or status query."""

from __future__ import annotations

import socket

from .errors import PrinterError
from .status import PrinterStatus, query, valid

PARTIAL = " Phiếu có thể đã in dở: hãy xem giấy trước khi in lại."


class NetworkTransport:
    """timeout bounds the connection, each status answer and each moment without progress
    while sending, not the whole job: a slow printer draining its buffer is still working.

    With status_check, send() ends by asking DLE EOT 1 on the same connection and waiting
    for the answer: a printer that dropped the connection after taking part of the job
    (the kernel accepted the rest into its buffers) is then caught instead of reported as
    printed.
    """

    CHUNK = 16 * 1024

    def __init__(
        self, host: str, port: int = 9100, timeout: float = 5.0, *, status_check: bool = True
    ) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.status_check = status_check

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def status(self) -> PrinterStatus:
        sock = self._connect()
        with sock:
            try:
                return query(sock.sendall, lambda: _read_or_raise(sock))
            except TimeoutError:
                raise self._timeout(" khi hỏi trạng thái") from None
            except OSError as exc:
                raise self._lost(exc, partial=False) from None

    def send(self, data: bytes) -> None:
        sock = self._connect()
        sent = 0
        try:
            with sock:
                view = memoryview(data)
                while sent < len(data):
                    sent += sock.send(view[sent : sent + self.CHUNK])
                if self.status_check:
                    sock.sendall(b"\x10\x04\x01")
                    while (byte := _read_byte(sock)) is not None and not valid(byte):
                        pass  # an answer to a DLE EOT that happened to be in picture data
                    if byte is None:
                        raise ConnectionResetError("closed by the printer")
                sock.shutdown(socket.SHUT_WR)
        except TimeoutError:
            raise self._timeout(partial=sent > 0) from None
        except OSError as exc:
            raise self._lost(exc, partial=sent > 0) from None

    def _connect(self) -> socket.socket:
        try:
            return socket.create_connection((self.host, self.port), timeout=self.timeout)
        except socket.gaierror:
            raise PrinterError(
                "not_found", f"Không tìm thấy máy in “{self.host}” trên mạng."
            ) from None
        except TimeoutError:
            raise self._timeout() from None
        except ConnectionRefusedError:
            raise PrinterError(
                "offline", f"Máy in {self.where} từ chối kết nối (máy tắt hoặc sai cổng)."
            ) from None
        except OSError as exc:
            raise PrinterError(
                "offline", f"Không kết nối được máy in {self.where}: {exc.strerror or exc}."
            ) from None

    def _timeout(self, during: str = "", *, partial: bool = False) -> PrinterError:
        seconds = f"{self.timeout:g}".replace(".", ",")  # Vietnamese decimal comma
        message = f"Máy in không phản hồi{during} (quá {seconds} giây)."
        return PrinterError("timeout", message + (PARTIAL if partial else ""))

    def _lost(self, exc: OSError, *, partial: bool) -> PrinterError:
        detail = exc.strerror or str(exc)
        message = f"Mất kết nối với máy in {self.where} ({detail})."
        return PrinterError("offline", message + (PARTIAL if partial else ""))

    def close(self) -> None:
        pass


def _read_byte(sock: socket.socket) -> int | None:
    """One byte, or None when the printer closed the connection; TimeoutError if silent."""
    chunk = sock.recv(1)
    return chunk[0] if chunk else None


def _read_or_raise(sock: socket.socket) -> int:
    byte = _read_byte(sock)
    if byte is None:
        raise ConnectionResetError("closed by the printer")
    return byte
