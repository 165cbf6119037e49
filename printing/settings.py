"""One printer's settings, declared once: how to reach it, what paper and profile it has,
and how to print Vietnamese on it. Stored as a plain dict (to_dict / from_dict) in the
app's settings; every validation message is Vietnamese and names the field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal

from .errors import PrinterError

Role = Literal["ticket", "receipt"]
Kind = Literal["usb", "serial", "network", "cups", "win32", "file", "preview"]
Route = Literal["raster", "tcvn3", "cp1258"]
QrRoute = Literal["native", "image"]

KINDS: tuple[Kind, ...] = ("usb", "serial", "network", "cups", "win32", "file", "preview")
ROUTES: tuple[Route, ...] = ("raster", "tcvn3", "cp1258")
BAUDRATES = (9600, 19200, 38400, 57600, 115200)

# Which fields each connection kind uses; the others are left out of to_dict().
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "usb": ("vendor_id", "product_id"),
    "serial": ("port", "baudrate"),
    "network": ("host", "port", "timeout"),
    "cups": ("queue",),
    "win32": ("printer_name",),
    "file": ("path",),
    "preview": (),
}


class SettingsError(ValueError):
    """errors: field name -> Vietnamese message, for the settings page to show per field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class PrinterSettings:
    name: str = "Máy in xem trước"  # what the clerk sees; discovery fills in a label
    role: Role = "receipt"
    kind: Kind = "preview"
    vendor_id: int | None = None  # usb
    product_id: int | None = None
    port: str | int | None = None  # serial device ("/dev/ttyUSB0", "COM3") or TCP port
    baudrate: int = 19200
    host: str = ""  # network
    timeout: float = 5.0  # seconds: connection, status answer, each stall while sending
    queue: str = ""  # cups
    printer_name: str = ""  # win32
    path: str = ""  # file
    paper_mm: int = 80
    profile: str = "default"
    text_route: Route = "raster"
    code_page: int | None = None  # ESC t n; None = from the profile (CP1258 52/94/27, TCVN 30)
    qr_route: QrRoute = "native"  # used by the text routes; raster always draws the QR
    cutter: bool = True
    copies: int = 1
    status_check: bool = True  # ask DLE EOT before each job where the link can answer

    # -- derived ----------------------------------------------------------------------

    @property
    def width_dots(self) -> int:
        from .profiles import width_dots

        return width_dots(self.profile, self.paper_mm)

    @property
    def columns(self) -> int:
        from .profiles import columns

        return columns(self.profile, self.width_dots)

    def resolved_code_page(self) -> int | None:
        """ESC t number for the text route, None for raster; PrinterError if unknown."""
        if self.text_route == "raster":
            return None
        if self.code_page is not None:
            return self.code_page
        from .profiles import default_code_page

        return default_code_page(self.profile, self.text_route)

    def transport_settings(self) -> dict[str, Any]:
        """The dict transport_from_settings() takes."""
        out: dict[str, Any] = {"kind": self.kind, "status_check": self.status_check}
        for key in KIND_FIELDS[self.kind]:
            out[key] = getattr(self, key)
        if self.kind == "network":
            out["port"] = int(self.port or 9100)
        if self.kind == "file":
            out["append"] = True
        return out

    # -- (de)serialisation ------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        keep = set(KIND_FIELDS[self.kind]) | _COMMON
        out = {k: v for k, v in asdict(self).items() if k in keep}
        for key in ("vendor_id", "product_id"):
            if key in out and out[key] is not None:
                out[key] = f"0x{out[key]:04x}"
        return out

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> PrinterSettings:
        errors: dict[str, str] = {}
        known = {f.name for f in fields(cls)}
        clean: dict[str, Any] = {}
        for key, value in values.items():
            if key not in known:
                continue  # a newer version's setting: ignore rather than refuse to start
            try:
                clean[key] = _PARSERS.get(key, _same)(value)
            except (TypeError, ValueError):
                errors[key] = _MESSAGES.get(key, f"Giá trị “{value}” không hợp lệ.")
        if errors:
            raise SettingsError(errors)
        settings = replace(cls(), **clean)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Raise SettingsError listing every field that cannot work."""
        e: dict[str, str] = {}
        if not self.name.strip():
            e["name"] = "Hãy đặt tên cho máy in."
        if self.role not in ("ticket", "receipt"):
            e["role"] = "Vai trò phải là in phiếu số thứ tự hoặc in biên nhận."
        if self.kind not in KINDS:
            e["kind"] = f"Chưa hỗ trợ loại kết nối “{self.kind}”."
        elif self.kind == "usb":
            for key in ("vendor_id", "product_id"):
                value = getattr(self, key)
                if value is None or not 0 <= value <= 0xFFFF:
                    e[key] = "Mã USB phải là số hệ 16 từ 0x0000 đến 0xFFFF."
        elif self.kind == "serial":
            if not str(self.port or "").strip():
                e["port"] = "Hãy chọn cổng COM / thiết bị nối tiếp."
            if self.baudrate not in BAUDRATES:
                e["baudrate"] = "Tốc độ baud phải là một trong " + ", ".join(map(str, BAUDRATES)) + "."
        elif self.kind == "network":
            if not self.host.strip():
                e["host"] = "Hãy nhập địa chỉ IP hoặc tên máy in."
            if not 1 <= int(self.port or 9100) <= 65535:
                e["port"] = "Cổng mạng phải từ 1 đến 65535 (thường là 9100)."
        elif self.kind == "cups" and not self.queue.strip():
            e["queue"] = "Hãy nhập tên hàng đợi CUPS."
        elif self.kind == "win32" and not self.printer_name.strip():
            e["printer_name"] = "Hãy chọn máy in Windows."
        elif self.kind == "file" and not self.path.strip():
            e["path"] = "Hãy nhập đường dẫn tệp hoặc thiết bị."
        if not 0.2 <= self.timeout <= 120:
            e["timeout"] = "Thời gian chờ phải từ 0,2 đến 120 giây."
        if self.paper_mm not in (58, 80):
            e["paper_mm"] = "Khổ giấy phải là 58 hoặc 80 mm."
        if self.text_route not in ROUTES:
            e["text_route"] = "Cách in chữ phải là ảnh (raster), TCVN-3 hoặc CP1258."
        if self.qr_route not in ("native", "image"):
            e["qr_route"] = "Cách in mã QR phải là lệnh của máy in hoặc ảnh."
        if self.code_page is not None and not 0 <= self.code_page <= 255:
            e["code_page"] = "Số bảng mã (ESC t) phải từ 0 đến 255."
        if self.copies not in (1, 2):
            e["copies"] = "Số liên phải là 1 hoặc 2."
        if not e:
            e.update(self._profile_errors())
        if e:
            raise SettingsError(e)

    def _profile_errors(self) -> dict[str, str]:
        from .profiles import profile_info

        try:
            info = profile_info(self.profile)
            if info.paper_mm and info.paper_mm != self.paper_mm:
                return {"paper_mm": f"Máy {self.profile} dùng khổ {info.paper_mm} mm."}
            self.resolved_code_page()
        except PrinterError as exc:
            field = "code_page" if "bảng mã" in exc.message_vi else "profile"
            return {field: exc.message_vi}
        return {}


_COMMON = {
    "name", "role", "kind", "paper_mm", "profile", "text_route", "code_page", "qr_route",
    "cutter", "copies", "status_check", "timeout",
}


def _same(value: Any) -> Any:
    return value


def _hex(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    return int(str(value).strip(), 16)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).strip().lower() in ("1", "true", "yes", "on", "có"):
        return True
    if str(value).strip().lower() in ("0", "false", "no", "off", "không", ""):
        return False
    raise ValueError(value)


def _optional_int(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def _port(value: Any) -> str | int | None:
    if value is None or value == "":
        return None
    return int(value) if isinstance(value, int) or str(value).isdigit() else str(value)


_PARSERS = {
    "name": str, "role": str, "kind": str, "host": str, "queue": str, "printer_name": str,
    "path": str, "profile": str, "text_route": str, "qr_route": str,
    "vendor_id": _hex, "product_id": _hex, "port": _port, "baudrate": int, "timeout": float,
    "paper_mm": int, "code_page": _optional_int, "cutter": _bool, "copies": int,
    "status_check": _bool,
}
_MESSAGES = {
    "vendor_id": "Mã hãng USB phải là số hệ 16, ví dụ 0x04b8.",
    "product_id": "Mã sản phẩm USB phải là số hệ 16, ví dụ 0x0202.",
    "baudrate": "Tốc độ baud phải là số.",
    "timeout": "Thời gian chờ phải là số giây.",
    "paper_mm": "Khổ giấy phải là 58 hoặc 80.",
    "code_page": "Số bảng mã phải là số nguyên.",
    "copies": "Số liên phải là 1 hoặc 2.",
    "cutter": "Dao cắt: bật hoặc tắt.",
    "status_check": "Kiểm tra trạng thái: bật hoặc tắt.",
}
