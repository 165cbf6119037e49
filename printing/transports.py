"""Where print bytes go: on-screen preview, a file or device path, a raw TCP port, a
serial port, USB, a CUPS queue or the Windows spooler (one module each, transport_*.py).

Every failure becomes a PrinterError with a reason code and a Vietnamese message.
Transports whose link can answer (network, serial, USB) also read the printer's status.
"""

from __future__ import annotations

import errno
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from PIL import Image

from .errors import PrinterError
from .status import PrinterStatus
from .transport_cups import CupsTransport
from .transport_network import NetworkTransport
from .transport_serial import SerialTransport
from .transport_usb import UsbTransport
from .transport_win32 import Win32Transport

__all__ = [
    "CupsTransport",
    "FileTransport",
    "NetworkTransport",
    "PreviewTransport",
    "ReadsStatus",
    "SerialTransport",
    "ShowsPreview",
    "Transport",
    "UsbTransport",
    "Win32Transport",
    "transport_from_settings",
]


class Transport(Protocol):
    def send(self, data: bytes) -> None:
        """Deliver one whole job; raise PrinterError on failure."""

    def close(self) -> None: ...


@runtime_checkable
class ShowsPreview(Protocol):
    """A transport that also wants the picture of the job (the on-screen printer)."""

    def show(self, image: Image.Image | None, title: str) -> None: ...


@runtime_checkable
class ReadsStatus(Protocol):
    """A transport whose link answers DLE EOT; the queue asks before each job when
    status_check is on (some network printers never answer: then it is turned off)."""

    status_check: bool

    def status(self) -> PrinterStatus: ...


@dataclass(frozen=True)
class PreviewPage:
    title: str
    data: bytes
    image: Image.Image | None
    # True for text-route jobs: the picture is drawn with our font, the printer uses its own.
    approximate: bool = False


class PreviewTransport:
    """The default "printer": keeps every job in memory for the UI to show."""

    def __init__(self, keep: int = 50) -> None:
        self._lock = threading.Lock()
        self._keep = keep
        self._pages: list[PreviewPage] = []
        self._pending: tuple[Image.Image | None, str, bool] = (None, "", False)

    def show(self, image: Image.Image | None, title: str, approximate: bool = False) -> None:
        with self._lock:
            self._pending = (image, title, approximate)

    def send(self, data: bytes) -> None:
        with self._lock:
            image, title, approximate = self._pending
            self._pending = (None, "", False)
            self._pages.append(PreviewPage(title, bytes(data), image, approximate))
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


def transport_from_settings(settings: dict[str, Any]) -> Transport:
    """{"kind": "preview"} | {"kind": "file", "path": …, "append": bool}
    | {"kind": "network", "host": …, "port": 9100, "timeout": 5.0}
    | {"kind": "serial", "port": "/dev/ttyUSB0", "baudrate": 19200, "timeout": 5.0}
    | {"kind": "usb", "vendor_id": 0x04B8, "product_id": 0x0202, "timeout": 5.0}
    | {"kind": "cups", "queue": …} | {"kind": "win32", "printer_name": …}
    Network, serial and USB also take "status_check" (default True).
    PrinterSettings.transport_settings() produces these."""
    kind = settings.get("kind", "preview")
    check = bool(settings.get("status_check", True))
    timeout = float(settings.get("timeout", 5.0)) if "timeout" in settings else 5.0
    try:
        if kind == "preview":
            return PreviewTransport()
        if kind == "file":
            return FileTransport(settings["path"], append=bool(settings.get("append", True)))
        if kind == "network":
            return NetworkTransport(
                str(settings["host"]),
                int(settings.get("port", 9100)),
                timeout,
                status_check=check,
            )
        if kind == "serial":
            return SerialTransport(
                str(settings["port"]), int(settings.get("baudrate", 19200)), timeout,
                status_check=check,
            )
        if kind == "usb":
            return UsbTransport(
                _int(settings["vendor_id"]), _int(settings["product_id"]), timeout,
                status_check=check,
            )
        if kind == "cups":
            return CupsTransport(str(settings["queue"]), timeout=max(timeout, 10.0))
        if kind == "win32":
            return Win32Transport(str(settings["printer_name"]))
    except KeyError as exc:
        raise PrinterError("config", f"Thiếu thiết lập máy in: {exc.args[0]}.") from None
    except (TypeError, ValueError) as exc:
        raise PrinterError("config", f"Thiết lập máy in không hợp lệ: {exc}.") from None
    raise PrinterError("config", f"Chưa hỗ trợ loại máy in “{kind}”.")


def _int(value: Any) -> int:
    return value if isinstance(value, int) else int(str(value), 16)
