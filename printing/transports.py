"""Where print bytes go: on-screen preview, a file or device path, or a raw TCP port.

Every failure becomes a PrinterError with a reason code and a Vietnamese message.
USB, serial, CUPS and Windows spooler transports come with the printer-settings issue;
they plug into transport_from_settings() and the same two-method protocol.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from PIL import Image

from .errors import PrinterError


class Transport(Protocol):
    def send(self, data: bytes) -> None:
        """Deliver one whole job; raise PrinterError on failure."""

    def close(self) -> None: ...


@runtime_checkable
class ShowsPreview(Protocol):
    """A transport that also wants the picture of the job (the on-screen printer)."""

    def show(self, image: Image.Image | None, title: str) -> None: ...


@dataclass(frozen=True)
class PreviewPage:
    title: str
    data: bytes
    image: Image.Image | None


class PreviewTransport:
    """The default "printer": keeps every job in memory for the UI to show."""

    def __init__(self, keep: int = 50) -> None:
        self._lock = threading.Lock()
        self._keep = keep
        self._pages: list[PreviewPage] = []
        self._pending: tuple[Image.Image | None, str] = (None, "")

    def show(self, image: Image.Image | None, title: str) -> None:
        with self._lock:
            self._pending = (image, title)

    def send(self, data: bytes) -> None:
        with self._lock:
            image, title = self._pending
            self._pending = (None, "")
            self._pages.append(PreviewPage(title, bytes(data), image))
            del self._pages[: -self._keep]

    @property
    def jobs(self) -> list[bytes]:
        with self._lock:
            return [p.data for p in self._pages]

    @property
    def pages(self) -> list[PreviewPage]:
        with self._lock:
            return list(self._pages)

    @property
    def last_image(self) -> Image.Image | None:
        with self._lock:
            return self._pages[-1].image if self._pages else None

    def close(self) -> None:
        pass


class FileTransport:
    """Bytes to a path: a capture file, or a device node such as /dev/usb/lp0."""

    def __init__(self, path: str | os.PathLike[str], *, append: bool = True) -> None:
        self.path = Path(path)
        self._mode = "ab" if append else "wb"

    def send(self, data: bytes) -> None:
        try:
            with open(self.path, self._mode) as f:
                f.write(data)
                f.flush()
                _fsync(f.fileno())
        except FileNotFoundError:
            raise PrinterError(
                "not_found", f"Không tìm thấy máy in hoặc tệp “{self.path}”."
            ) from None
        except PermissionError:
            raise PrinterError(
                "permission",
                f"Không có quyền ghi vào “{self.path}” (kiểm tra quyền truy cập máy in).",
            ) from None
        except OSError as exc:
            raise PrinterError(
                "io", f"Lỗi khi ghi vào “{self.path}”: {exc.strerror or exc}."
            ) from None

    def close(self) -> None:
        pass


def _fsync(fd: int) -> None:
    try:
        os.fsync(fd)
    except OSError as exc:
        # Character devices (printer nodes, pipes) cannot be fsynced; the write went out.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF, errno.EROFS):
            raise


class NetworkTransport:
    """Raw TCP (port 9100, "JetDirect"), one connection per job.

    timeout bounds the connection and each moment without progress while sending, not the
    whole job: a slow printer draining its buffer at print speed is still working.
    """

    CHUNK = 16 * 1024

    def __init__(self, host: str, port: int = 9100, timeout: float = 5.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout

    def send(self, data: bytes) -> None:
        where = f"{self.host}:{self.port}"
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except socket.gaierror:
            raise PrinterError(
                "not_found", f"Không tìm thấy máy in “{self.host}” trên mạng."
            ) from None
        except TimeoutError:
            raise self._timeout() from None
        except ConnectionRefusedError:
            raise PrinterError(
                "offline", f"Máy in {where} từ chối kết nối (máy tắt hoặc sai cổng)."
            ) from None
        except OSError as exc:
            raise PrinterError(
                "offline", f"Không kết nối được máy in {where}: {exc.strerror or exc}."
            ) from None
        try:
            with sock:
                view = memoryview(data)
                while view:
                    sent = sock.send(view[: self.CHUNK])
                    view = view[sent:]
                sock.shutdown(socket.SHUT_WR)
        except TimeoutError:
            raise self._timeout() from None
        except OSError as exc:
            raise PrinterError(
                "io", f"Mất kết nối với máy in {where} khi đang gửi: {exc.strerror or exc}."
            ) from None

    def _timeout(self) -> PrinterError:
        seconds = f"{self.timeout:g}".replace(".", ",")  # Vietnamese decimal comma
        return PrinterError("timeout", f"Máy in không phản hồi (quá {seconds} giây).")

    def close(self) -> None:
        pass


def transport_from_settings(settings: dict[str, Any]) -> Transport:
    """{"kind": "preview"} | {"kind": "file", "path": …, "append": bool}
    | {"kind": "network", "host": …, "port": 9100, "timeout": 5.0}"""
    kind = settings.get("kind", "preview")
    try:
        if kind == "preview":
            return PreviewTransport()
        if kind == "file":
            return FileTransport(settings["path"], append=bool(settings.get("append", True)))
        if kind == "network":
            return NetworkTransport(
                str(settings["host"]),
                int(settings.get("port", 9100)),
                float(settings.get("timeout", 5.0)),
            )
    except KeyError as exc:
        raise PrinterError("config", f"Thiếu thiết lập máy in: {exc.args[0]}.") from None
    except (TypeError, ValueError) as exc:
        raise PrinterError("config", f"Thiết lập máy in không hợp lệ: {exc}.") from None
    raise PrinterError("config", f"Chưa hỗ trợ loại máy in “{kind}”.")
