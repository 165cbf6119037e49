"""Which backend addresses a counter may use in clear.

http:// is fine to this PC (the embedded backend); to any other machine, passwords,
tokens and citizens' ID data would cross the office LAN readable by anyone on it, so it
is refused unless an admin set `allow_plain_http` (say, behind a VPN they trust).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from counter_app.client import errors


def is_loopback_host(host: str) -> bool:
    host = host.lower().strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def refusal(base_url: str, allow_plain_http: bool = False) -> errors.InsecureConnection | None:
    """The error to raise for `base_url`, or None when it may be used."""
    parts = urlsplit(base_url)
    if parts.scheme == "https" or allow_plain_http or is_loopback_host(parts.hostname or ""):
        return None
    return errors.InsecureConnection(
        f"Địa chỉ máy chủ {parts.hostname or base_url} dùng http:// không mã hóa: mật khẩu và "
        "dữ liệu công dân sẽ truyền qua mạng mà ai cũng đọc được. Hãy dùng địa chỉ https:// "
        "của máy chủ; chỉ quản trị viên mới có thể cho phép http (allow_plain_http)."
    )
