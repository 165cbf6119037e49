"""Office setup as the admin window sees it (docs/api-queue.md, "Admin bodies").

Typed views of `/api/v1/admin/...`, one small class wrapping the endpoints over the shared
ApiClient (called from pool threads only, like ApiClient), and the checks the window runs
before sending anything: the same rules the backend applies, with the same Vietnamese
sentences where the domain already has them, so most mistakes never leave the counter.
Whatever the server still refuses comes back through `field_errors()` as one message per
form field.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from counter_app.client import errors
from counter_app.client.api import ApiClient
from counter_app.client.json_values import obj, objects
from counter_app.client.queue import Counter
from counter_app.domain.dossier_code import DossierCodeError, validate_agency_code
from counter_app.domain.queue import (
    MAX_RATIO,
    QueueRuleError,
    number_width,
    validate_band,
    validate_prefix,
)

BASE = "/admin"
ROLE_LABELS = {
    "clerk": "Cán bộ một cửa",
    "supervisor": "Giám sát",
    "admin": "Quản trị",
    "kiosk": "Kiosk lấy số (thiết bị)",
    "display": "Màn hình sảnh (thiết bị)",
}
STATE_LABELS = {"open": "Đang mở", "paused": "Tạm nghỉ", "closed": "Đóng"}
OFFICE_FIELDS = ("name", "agency_code", "parent_name", "address", "hotline", "public_base_url")
SERVICE_CODE = re.compile(r"[A-Z0-9_]{1,20}")
USERNAME = re.compile(r"[a-z0-9._-]{3,60}")
MIN_PASSWORD = 10  # the backend also refuses common passwords and the username
# No 0/O, 1/l/I: a password read aloud or copied from paper must survive.
_PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def generate_password(length: int = 10) -> str:
    while True:
        pw = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in pw) and any(c.isalpha() for c in pw):
            return pw


# ---- typed views ----------------------------------------------------------------------

@dataclass(frozen=True)
class AdminOffice:
    code: str
    name: str
    agency_code: str
    parent_name: str = ""
    address: str = ""
    hotline: str = ""
    public_base_url: str = ""
    queue_mode: str = "strict"
    queue_ratio: int = 2
    waiting_target_min: int = 20
    personal_data_years: int = 0  # 0: kept
    receipt_qr: str = "tracking"  # counter_app/domain/receipt_qr.py

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> AdminOffice:
        st = obj(d.get("queue_strategy"))
        return cls(d.get("code") or "", d.get("name") or "", d.get("agency_code") or "",
                   d.get("parent_name") or "", d.get("address") or "", d.get("hotline") or "",
                   d.get("public_base_url") or "", st.get("mode") or "strict",
                   int(st.get("ratio") or 2), int(d.get("waiting_target_min") or 20),
                   int(d.get("personal_data_years") or 0), d.get("receipt_qr") or "tracking")


@dataclass(frozen=True)
class AdminService:
    code: str
    name: str
    prefix: str
    number_start: int = 1
    number_end: int = 999
    daily_cap: int | None = None
    active: bool = True
    issued_today: int = 0
    waiting: int = 0

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> AdminService:
        return cls(d["code"], d.get("name") or d["code"], d.get("prefix") or "",
                   int(d.get("number_start") or 1), int(d.get("number_end") or 999),
                   d.get("daily_cap"), bool(d.get("active", True)),
                   int(d.get("issued_today") or 0), int(d.get("waiting") or 0))


@dataclass(frozen=True)
class UserAccount:
    username: str
    full_name: str
    role: str
    counter_no: int | None = None
    active: bool = True
    totp: bool = False  # a second sign-in factor (admin accounts)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> UserAccount:
        return cls(d["username"], d.get("full_name") or d["username"], d["role"],
                   d.get("counter_no"), bool(d.get("active", True)), bool(d.get("totp")))


@dataclass(frozen=True)
class AdminSnapshot:
    """Everything the admin window shows, read in one go."""

    office: AdminOffice
    services: tuple[AdminService, ...]
    counters: tuple[Counter, ...]
    users: tuple[UserAccount, ...]


class AdminApi:
    def __init__(self, api: ApiClient) -> None:
        self.api = api

    def _call(self, method: str, path: str, **kw: Any) -> Any:
        return self.api.request(method, BASE + path, **kw)

    def office(self) -> AdminOffice:
        return AdminOffice.from_json(self._call("GET", "/office"))

    def update_office(self, changes: dict[str, Any]) -> AdminOffice:
        """changes: any of OFFICE_FIELDS plus queue_strategy={"mode", "ratio"}."""
        return AdminOffice.from_json(self._call("PUT", "/office", json=changes))

    def services(self) -> list[AdminService]:
        return [AdminService.from_json(s) for s in self._call("GET", "/services")]

    def add_service(self, body: dict[str, Any]) -> AdminService:
        return AdminService.from_json(self._call("POST", "/services", json=body))

    def update_service(self, code: str, changes: dict[str, Any]) -> AdminService:
        return AdminService.from_json(self._call("PUT", f"/services/{code}", json=changes))

    def counters(self) -> list[Counter]:
        return [Counter.from_json(c) for c in self._call("GET", "/counters")]

    def add_counter(self, body: dict[str, Any]) -> Counter:
        return Counter.from_json(self._call("POST", "/counters", json=body))

    def update_counter(self, no: int, changes: dict[str, Any]) -> Counter:
        return Counter.from_json(self._call("PUT", f"/counters/{no}", json=changes))

    def users(self) -> list[UserAccount]:
        return [UserAccount.from_json(u) for u in self._call("GET", "/users")]

    def add_user(self, body: dict[str, Any]) -> UserAccount:
        return UserAccount.from_json(self._call("POST", "/users", json=body))

    def update_user(self, username: str, changes: dict[str, Any]) -> UserAccount:
        return UserAccount.from_json(self._call("PUT", f"/users/{username}", json=changes))

    def reset_password(self, username: str, password: str) -> UserAccount:
        """Also ends that user's open sessions (server side)."""
        return self.update_user(username, {"password": password})

    def totp_secret(self, username: str) -> tuple[str, str]:
        """(secret, otpauth:// link) for the phone app; nothing is stored yet."""
        d = self._call("POST", f"/users/{username}/totp/secret")
        return d["secret"], d["link"]

    def totp_on(self, username: str, secret: str, code: str) -> UserAccount:
        """Stores the secret once a code from the phone proves it."""
        return UserAccount.from_json(self._call("PUT", f"/users/{username}/totp",
                                                json={"secret": secret, "code": code}))

    def totp_off(self, username: str) -> UserAccount:
        return UserAccount.from_json(self._call("DELETE", f"/users/{username}/totp"))

    def snapshot(self) -> AdminSnapshot:
        return AdminSnapshot(self.office(), tuple(self.services()), tuple(self.counters()),
                             tuple(self.users()))


# ---- checks before sending: {field: Vietnamese message}, empty when fine ----------------

def check_office(changes: dict[str, Any]) -> dict[str, str]:
    """Also normalises agency_code (upper case) and public_base_url (no trailing /) in place."""
    problems: dict[str, str] = {}
    if "name" in changes and not str(changes["name"]).strip():
        problems["name"] = "Tên cơ quan không được để trống."
    if "agency_code" in changes:
        try:
            changes["agency_code"] = validate_agency_code(str(changes["agency_code"]))
        except DossierCodeError as exc:
            problems["agency_code"] = str(exc) + "."
    if "public_base_url" in changes:
        url = str(changes["public_base_url"]).strip().rstrip("/")
        if url and not url.startswith(("http://", "https://")):
            problems["public_base_url"] = ("Địa chỉ công khai phải bắt đầu bằng http:// hoặc "
                                           "https:// (để trống: dùng địa chỉ của máy chủ).")
        changes["public_base_url"] = url
    limits = {"name": 200, "agency_code": 40, "parent_name": 200, "address": 300,
              "hotline": 40, "public_base_url": 200}
    for key, limit in limits.items():
        if key in changes and key not in problems and len(str(changes[key])) > limit:
            problems[key] = f"Dài quá {limit} ký tự."
    st = changes.get("queue_strategy")
    if st is not None:
        if st.get("mode") not in ("strict", "interleaved"):
            problems["queue_strategy"] = "Chọn một cách gọi số."
        elif st.get("mode") == "interleaved" and not 1 <= int(st.get("ratio") or 0) <= MAX_RATIO:
            problems["queue_strategy"] = f"Tỉ lệ xen kẽ phải từ 1 đến {MAX_RATIO}."
    return problems


def check_service(body: dict[str, Any], *, new: bool) -> dict[str, str]:
    """body: the whole service as it would be after saving. Upper-cases prefix in place."""
    problems: dict[str, str] = {}
    if new and not SERVICE_CODE.fullmatch(str(body.get("code", ""))):
        problems["code"] = "Mã dịch vụ: 1-20 ký tự chữ in hoa A-Z, số 0-9 hoặc dấu _ (ví dụ HT)."
    name = str(body.get("name", "")).strip()
    if not name:
        problems["name"] = "Tên dịch vụ không được để trống."
    elif len(name) > 120:
        problems["name"] = "Tên dịch vụ dài quá 120 ký tự."
    try:
        body["prefix"] = validate_prefix(str(body.get("prefix", "")))
    except QueueRuleError as exc:
        problems["prefix"] = str(exc)
    try:
        validate_band(int(body["number_start"]), int(body["number_end"]), body.get("daily_cap"))
    except QueueRuleError as exc:
        problems["daily_cap" if exc.code == "cap" else "number_end"] = str(exc)
    return problems


def check_counter(body: dict[str, Any], *, new: bool) -> dict[str, str]:
    problems: dict[str, str] = {}
    if new and not 1 <= int(body.get("no") or 0) <= 999:
        problems["no"] = "Số quầy phải từ 1 đến 999."
    if "name" in body and not str(body["name"] or "").strip():
        problems["name"] = "Tên quầy không được để trống."
    return problems


def check_user(body: dict[str, Any], *, new: bool) -> dict[str, str]:
    problems: dict[str, str] = {}
    if new and not USERNAME.fullmatch(str(body.get("username", ""))):
        problems["username"] = ("Tên đăng nhập: 3-60 ký tự chữ thường không dấu a-z, số 0-9 "
                                "hoặc . _ - (ví dụ canbo5).")
    if "full_name" in body and not str(body["full_name"]).strip():
        problems["full_name"] = "Họ tên không được để trống."
    if "role" in body and body["role"] not in ROLE_LABELS:
        problems["role"] = "Chọn một vai trò."
    if (new or "password" in body) and len(str(body.get("password") or "")) < MIN_PASSWORD:
        problems["password"] = f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự."
    return problems


# ---- what the server refused, per field ---------------------------------------------------

_PYDANTIC = {
    "missing": "Bắt buộc phải có.",
    "string_too_short": "Không được để trống.",
    "string_too_long": "Dài quá mức cho phép.",
    "string_pattern_mismatch": "Sai định dạng.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "greater_than_equal": "Nhỏ hơn mức cho phép.",
    "less_than_equal": "Lớn hơn mức cho phép.",
    "literal_error": "Giá trị không nằm trong danh sách cho phép.",
    "extra_forbidden": "Máy chủ không nhận thông tin này.",
    "too_long": "Quá nhiều mục.",
}
# A sentence from backend/admin/*.py → the field it is about (first match wins).
_HINTS = (
    ("Mã định danh", "agency_code"), ("Địa chỉ công khai", "public_base_url"),
    ("Tên cơ quan", "name"), ("Tỉ lệ", "queue_strategy"), ("Cách gọi", "queue_strategy"),
    ("Ký hiệu", "prefix"), ("Giới hạn", "daily_cap"), ("Dải số", "number_end"),
    ("Đã có dịch vụ", "code"), ("Tên dịch vụ", "name"), ("Không có dịch vụ", "service_codes"),
    ("Đã có quầy", "no"), ("Tên quầy", "name"), ("Trạng thái quầy", "state"),
    ("Mật khẩu", "password"), ("Đã có tài khoản", "username"), ("Họ tên", "full_name"),
    ("Vai trò", "role"), ("quyền quản trị", "role"), ("tự khóa", "active"),
    ("Không có quầy", "counter_no"),
)


def field_errors(exc: errors.ApiError) -> tuple[dict[str, str], str]:
    """({field: message}, one-line summary) for a failed admin write, all in Vietnamese."""
    fields: dict[str, str] = {}
    detail = exc.detail
    items = objects(detail)
    if items:  # FastAPI validation: [{"loc": [...], "type", "msg"}]
        for item in items:
            loc = [str(x) for x in item.get("loc") or () if x != "body" and not str(x).isdigit()]
            key = loc[0] if loc else ""
            fields.setdefault(key, _PYDANTIC.get(item.get("type", ""), "Giá trị không hợp lệ."))
        return fields, "Máy chủ từ chối: có ô chưa hợp lệ, xem thông báo bên cạnh từng ô."
    if isinstance(exc, errors.Rejected) and isinstance(detail, str):
        for hint, key in _HINTS:
            if hint.lower() in detail.lower():
                fields[key] = detail
                break
        return fields, detail
    if isinstance(exc, errors.Forbidden):
        return {}, ("Tài khoản đang đăng nhập không có quyền quản trị. "
                    "Đăng nhập bằng tài khoản có vai trò Quản trị để sửa thiết lập.")
    return {}, exc.message


def first_number(prefix: str, start: int, end: int) -> str:
    """What the first ticket of the day looks like, e.g. A001 (for the form's hint)."""
    return f"{prefix}{start:0{number_width(end)}d}"
