"""Windows spooler, RAW datatype, through pywin32's win32print (as python-escpos's Win32Raw).

win32print exists only on Windows; it is imported when a job is sent, so this module
imports everywhere and tests can hand it a stand-in module.
"""

from __future__ import annotations

from types import ModuleType

from .errors import PrinterError


def _win32print() -> ModuleType:
    try:
        import win32print  # type: ignore[import-not-found]
    except ImportError:
        raise PrinterError(
            "config", "In qua trình quản lý in Windows chỉ dùng được trên Windows (cần pywin32)."
        ) from None
    return win32print


class Win32Transport:
    def __init__(self, printer_name: str, *, job_title: str = "Một cửa") -> None:
        self.printer_name, self.job_title = printer_name, job_title

    def send(self, data: bytes) -> None:
        api = _win32print()
        try:
            handle = api.OpenPrinter(self.printer_name)
        except Exception as exc:
            raise PrinterError(
                "not_found", f"Không mở được máy in Windows “{self.printer_name}”: {exc}."
            ) from None
        try:
            api.StartDocPrinter(handle, 1, (self.job_title, None, "RAW"))
            try:
                api.StartPagePrinter(handle)
                api.WritePrinter(handle, data)
                api.EndPagePrinter(handle)
            finally:
                api.EndDocPrinter(handle)
        except PrinterError:
            raise
        except Exception as exc:
            raise PrinterError("io", f"Trình quản lý in Windows báo lỗi: {exc}.") from None
        finally:
            api.ClosePrinter(handle)

    def close(self) -> None:
        pass
