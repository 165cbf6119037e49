"""Typed settings, each declared once with its type and default (Electrum's ConfigVar).

Stored as JSON in the user config folder. A broken or unreadable file never stops the
counter: it is moved aside and defaults are used, with a log line for the admin.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from counter_app import paths
from counter_app.atomic_file import replace_file

log = logging.getLogger(__name__)
T = TypeVar("T")


class Setting(Generic[T]):
    """One setting, declared once. A plain class: dataclasses cost start-up time here."""

    __slots__ = ("default", "doc", "key", "type_")

    def __init__(self, key: str, default: T, type_: Callable[[Any], T], doc: str = "") -> None:
        """`type_` turns a stored or environment value into T (`str`, `int`, `float` do)."""
        self.key, self.default, self.type_, self.doc = key, default, type_, doc

    def coerce(self, value: Any) -> T:
        if value is None:
            return self.default
        return self.type_(value)


def flag(value: Any) -> bool:
    """A bool setting: the environment gives text ("1", "true", "yes", "on")."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def mapping(value: Any) -> dict[str, Any]:
    """A dict setting: the environment gives it as JSON text."""
    got: Any = json.loads(value) if isinstance(value, str) else value
    if not isinstance(got, dict):
        raise TypeError(f"expected a JSON object, got {type(got).__name__}")
    return dict(cast(dict[str, Any], got))


BACKEND_URL = Setting("backend_url", "", str, "Địa chỉ máy chủ; trống = máy chủ nội bộ kèm dữ liệu mẫu")
NETWORK_TIMEOUT = Setting("network_timeout", 5.0, float, "Giây chờ một yêu cầu tới máy chủ")
CA_BUNDLE = Setting("ca_bundle", "", str, "Tệp chứng chỉ CA riêng của tỉnh (PEM)")
ALLOW_PLAIN_HTTP = Setting("allow_plain_http", False, flag,
                           "Cho phép http:// không mã hóa tới máy chủ khác (chỉ quản trị viên)")
LAST_USERNAME = Setting("last_username", "", str, "Tên đăng nhập lần trước")
COUNTER_NO = Setting("counter_no", 1, int, "Số quầy của máy này")
PRINTERS = Setting("printers", {}, mapping,
                   "Máy in theo vai trò: {'receipt': {...}, 'ticket': {...}} (printing.settings)")
# False for a one-PC office in real use: its embedded backend then runs without demo mode,
# which also disables the demo accounts (username = password) on every start.
EMBEDDED_DEMO = Setting("embedded_demo", True, flag,
                        "Máy chủ nội bộ chạy chế độ dữ liệu mẫu (tài khoản mẫu canbo1/canbo1…)")
DEVICE_USERNAME = Setting("device_username", "", str,
                          "Tài khoản thiết bị (máy lấy số, màn hình); mật khẩu trong kho khóa")
SCANNER = Setting("scanner", "", str,
                  "Máy quét chọn một lần: sane:<thiết bị>, twain:<nguồn TWAIN, Windows> hoặc "
                  "folder:<thư mục máy quét mạng>")
SCAN_PROFILES = Setting("scan_profiles", {}, mapping,
                        "Thiết lập quét theo loại giấy tờ: {'text': {'dpi': 300, 'colour': "
                        "false, 'duplex': false}, 'photo': {...}} (digitize/scan_profiles.py)")
DIGITIZE_OCR = Setting("digitize_ocr", False, flag,
                       "Thêm lớp chữ ẩn tiếng Việt (OCR, tesseract) vào bản số hóa")
SIGNING_STAMP = Setting("signing_stamp", False, flag,
                        "Hiện chữ ký số trên trang đầu bản số hóa (khung: người ký, thời gian)")
SIGNING_P12 = Setting("signing_p12", "", str,
                      "Tệp chứng thư số .p12/.pfx để ký bản số hóa (mật khẩu hỏi mỗi phiên)")
SIGNING_PKCS11 = Setting("signing_pkcs11", "", str,
                         "USB ký số: thư viện|tên USB|tên khóa (mã PIN hỏi mỗi phiên)")

ALL: tuple[Setting[Any], ...] = (
    BACKEND_URL, NETWORK_TIMEOUT, CA_BUNDLE, ALLOW_PLAIN_HTTP, LAST_USERNAME, COUNTER_NO,
    PRINTERS, EMBEDDED_DEMO, DEVICE_USERNAME, SCANNER, SIGNING_P12, SIGNING_PKCS11,
    SCAN_PROFILES, DIGITIZE_OCR, SIGNING_STAMP,
)


class Settings:
    """Values from the settings file, overridable by COUNTER_APP_<KEY> environment variables."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or (paths.config_dir() / "settings.json")
        self._values: dict[str, Any] = self._load()

    def _load(self) -> dict[str, Any]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            log.error("settings file %s unreadable (%s); using defaults", self.path, exc)
            return {}
        try:
            data: Any = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("top level is not an object")
            return cast(dict[str, Any], data)
        except ValueError as exc:
            broken = self.path.with_suffix(".broken.json")
            log.error("settings file %s is corrupt (%s); moved to %s", self.path, exc, broken)
            try:
                self.path.replace(broken)
            except OSError:
                pass
            return {}

    def get(self, setting: Setting[T]) -> T:
        env = os.environ.get("COUNTER_APP_" + setting.key.upper())
        raw = env if env is not None else self._values.get(setting.key)
        try:
            return setting.coerce(raw)
        except (TypeError, ValueError):
            log.warning("setting %s has invalid value %r; using default", setting.key, raw)
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        self._values[setting.key] = setting.coerce(value)

    def save(self) -> None:
        """Write atomically so a crash or a full disk never leaves half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self._values, ensure_ascii=False, indent=2, sort_keys=True)
        replace_file(self.path, text.encode("utf-8"))
