"""Serial printers (RS-232, or USB-serial adapters shown as COM3 / /dev/ttyUSB0) via pyserial.

The port is opened per job and per status query, so a printer unplugged between jobs is
found again without restarting the app. Raster at 115200 baud is ~7 s a receipt
(docs/printing.md): this is the link where the text routes pay off.
"""

from __future__ import annotations

from typing import Any

from .errors import PrinterError
from .status import PrinterStatus, query

PARTIAL = " Phiếu có thể đã in dở: hãy xem giấy trước khi in lại."


class SerialTransport:
    def __init__(
        self, port: str, baudrate: int = 19200, timeout: float = 5.0, *, status_check: bool = True
    ) -> None:
        self.port, self.baudrate, self.timeout = port, baudrate, timeout
        self.status_check = status_check

    def _open(self) -> Any:
        try:
            import serial
        except ImportError:
            raise PrinterError("config", "Thiếu thư viện pyserial để in qua cổng nối tiếp.") from None
        try:
            return serial.Serial(
                self.port, self.baudrate, timeout=self.timeout, write_timeout=self.timeout
            )
        except serial.SerialException as exc:
            raise _open_error(self.port, exc) from None

    def status(self) -> PrinterStatus:
        link = self._open()
        try:
            link.reset_input_buffer()

            def read_byte() -> int | None:
                chunk = link.read(1)
                return chunk[0] if chunk else None

            return query(link.write, read_byte)
        except PrinterError:
            seconds = f"{self.timeout:g}".replace(".", ",")
            raise PrinterError(
                "timeout", f"Máy in ở {self.port} không trả lời khi hỏi trạng thái (quá {seconds} giây)."
            ) from None
        finally:
            link.close()

    def send(self, data: bytes) -> None:
        import serial

        link = self._open()
        written = 0
        try:
            for start in range(0, len(data), 4096):
                written += link.write(data[start : start + 4096]) or 0
            link.flush()
        except serial.SerialTimeoutException:
            raise PrinterError(
                "timeout", f"Máy in ở {self.port} ngừng nhận dữ liệu." + (PARTIAL if written else "")
            ) from None
        except (serial.SerialException, OSError) as exc:
            raise PrinterError(
                "offline", f"Mất kết nối với máy in ở {self.port} ({exc})." + PARTIAL
            ) from None
        finally:
            link.close()

    def close(self) -> None:
        pass


def _open_error(port: str, exc: Exception) -> PrinterError:
    text = str(exc)
    errno_ = getattr(exc, "errno", None)
    if errno_ == 2 or "FileNotFoundError" in text or "could not find" in text.lower():
        return PrinterError("not_found", f"Không tìm thấy cổng {port}: máy in chưa cắm hoặc sai cổng.")
    if errno_ == 13 or "PermissionError" in text or "Access is denied" in text:
        return PrinterError(
            "permission", f"Không có quyền mở cổng {port} (Linux: thêm người dùng vào nhóm dialout)."
        )
    return PrinterError("offline", f"Không mở được cổng {port}: {text}.")
