"""USB printers through pyusb (libusb), talking to the printer's bulk endpoints directly.

Direct rather than python-escpos's Usb so the status read (bulk IN) has the short timeout
we choose, and every libusb failure maps to a reason: no backend (libusb missing), device
not found, access denied (Linux udev rule / Windows driver), timeout.
"""

from __future__ import annotations

from typing import Any

from .errors import PrinterError
from .status import PrinterStatus, query

PARTIAL = " Phiếu có thể đã in dở: hãy xem giấy trước khi in lại."
PRINTER_CLASS = 7


class UsbTransport:
    def __init__(
        self, vendor_id: int, product_id: int, timeout: float = 5.0, *, status_check: bool = True
    ) -> None:
        self.vendor_id, self.product_id, self.timeout = vendor_id, product_id, timeout
        self.status_check = status_check

    @property
    def where(self) -> str:
        return f"USB {self.vendor_id:04x}:{self.product_id:04x}"

    def _find(self) -> Any:
        """The pyusb device; a seam for tests."""
        import usb.core

        return usb.core.find(idVendor=self.vendor_id, idProduct=self.product_id)

    def _open(self) -> tuple[Any, Any, Any]:
        try:
            import usb.core
            import usb.util
        except ImportError:
            raise PrinterError("config", "Thiếu thư viện pyusb để in qua USB.") from None
        try:
            device = self._find()
        except usb.core.NoBackendError:
            raise PrinterError("config", "Máy tính thiếu thư viện libusb để in qua USB.") from None
        if device is None:
            raise PrinterError("not_found", f"Không tìm thấy máy in {self.where}: kiểm tra cáp USB.")
        try:
            try:
                if device.is_kernel_driver_active(0):
                    device.detach_kernel_driver(0)  # usblp holds the interface on Linux
            except (NotImplementedError, usb.core.USBError):
                pass  # Windows / macOS have no kernel driver to detach
            device.set_configuration()
            interface = device.get_active_configuration()[(0, 0)]
            out_ep = usb.util.find_descriptor(
                interface,
                custom_match=lambda e: usb.util.endpoint_direction(e.bEndpointAddress)
                == usb.util.ENDPOINT_OUT,
            )
            in_ep = usb.util.find_descriptor(
                interface,
                custom_match=lambda e: usb.util.endpoint_direction(e.bEndpointAddress)
                == usb.util.ENDPOINT_IN,
            )
        except usb.core.USBError as exc:
            raise self._error(exc, partial=False) from None
        if out_ep is None:
            raise PrinterError("config", f"Thiết bị {self.where} không phải máy in (không có cổng ghi).")
        return device, out_ep, in_ep

    def status(self) -> PrinterStatus:
        import usb.core

        device, out_ep, in_ep = self._open()
        if in_ep is None:
            raise PrinterError("config", f"Máy in {self.where} không gửi được trạng thái.")
        ms = int(self.timeout * 1000)
        try:
            def read_byte() -> int | None:
                try:
                    chunk = in_ep.read(in_ep.wMaxPacketSize, ms)
                except usb.core.USBTimeoutError:
                    return None
                return chunk[-1] if len(chunk) else None

            return query(lambda b: out_ep.write(b, ms), read_byte)
        except usb.core.USBError as exc:
            raise self._error(exc, partial=False) from None
        finally:
            _release(device)

    def send(self, data: bytes) -> None:
        import usb.core

        device, out_ep, _ = self._open()
        written = 0
        try:
            for start in range(0, len(data), 16 * 1024):
                written += out_ep.write(data[start : start + 16 * 1024], int(self.timeout * 1000))
        except usb.core.USBError as exc:
            raise self._error(exc, partial=written > 0) from None
        finally:
            _release(device)

    def _error(self, exc: Exception, *, partial: bool) -> PrinterError:
        import usb.core

        tail = PARTIAL if partial else ""
        if isinstance(exc, usb.core.USBTimeoutError) or getattr(exc, "errno", None) == 110:
            return PrinterError("timeout", f"Máy in {self.where} không nhận dữ liệu." + tail)
        if getattr(exc, "errno", None) == 13:
            return PrinterError(
                "permission",
                f"Không có quyền dùng {self.where} (Linux: cần quy tắc udev cho máy in).",
            )
        if getattr(exc, "errno", None) in (19, 2):
            return PrinterError("not_found", f"Máy in {self.where} đã bị rút ra." + tail)
        return PrinterError("offline", f"Lỗi USB với máy in {self.where}: {exc}." + tail)

    def close(self) -> None:
        pass


def _release(device: Any) -> None:
    try:
        import usb.util

        usb.util.dispose_resources(device)
    except Exception:
        pass
