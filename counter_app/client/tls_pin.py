"""Trusting the office's own CA on first contact, like SSH trusts a host key.

`serve` prints its CA's SHA-256 fingerprint. The counter fetches the CA without trusting
the connection (nothing is believed yet), shows the fingerprint, and only after the clerk
confirmed it matches keeps the CA, and only if a real handshake proves the server's
certificate was issued by it for the address typed. From then on that CA is the only
one trusted for the backend (ca_bundle): another certificate is refused.
"""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass
from pathlib import Path

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from counter_app.atomic_file import replace_file
from counter_app.client import errors
from counter_app.domain.fingerprint import sha256_fingerprint

log = logging.getLogger(__name__)
CA_PATH = "/api/v1/tls/ca.pem"
MAX_PEM = 16 * 1024


@dataclass(frozen=True)
class OfficeCa:
    pem: bytes
    fingerprint: str
    name: str  # the CA's subject, shown beside the fingerprint as plain text


def read_ca(pem: bytes) -> OfficeCa:
    """A CA certificate or ValueError (a server certificate, garbage, several certs)."""
    cert = x509.load_pem_x509_certificate(pem)
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise ValueError("not a CA certificate")
    return OfficeCa(cert.public_bytes(serialization.Encoding.PEM),
                    sha256_fingerprint(cert.public_bytes(serialization.Encoding.DER)),
                    cert.subject.rfc4514_string())


def fetch_office_ca(base_url: str, timeout: float = 5.0) -> OfficeCa:
    """The CA the server offers. Unverified on purpose: the clerk's fingerprint check
    and pin_office_ca's handshake are what make it trusted."""
    url = base_url.rstrip("/") + CA_PATH
    try:
        response = httpx.get(url, verify=False, timeout=timeout)  # unverified: see above
    except httpx.TimeoutException as exc:
        raise errors.Timeout("Máy chủ không trả lời kịp khi lấy chứng chỉ.") from exc
    except httpx.TransportError as exc:
        log.warning("fetching the office CA from %s failed: %s", base_url, exc)
        raise errors.Unreachable("Không kết nối được máy chủ để lấy chứng chỉ.") from exc
    if response.status_code != 200 or len(response.content) > MAX_PEM:
        raise errors.Rejected(
            "Máy chủ không cung cấp CA của văn phòng. Nhờ quản trị viên cài tệp CA "
            "(thiết lập ca_bundle) trên máy này.", status=response.status_code)
    try:
        return read_ca(response.content)
    except ValueError as exc:
        log.warning("the server at %s offered no usable CA: %s", base_url, exc)
        raise errors.Rejected("Máy chủ gửi về chứng chỉ CA không hợp lệ.") from exc


def pin_office_ca(base_url: str, ca: OfficeCa, folder: Path, timeout: float = 5.0) -> Path:
    """Keep `ca` in `folder` once a handshake trusting only it succeeds; the path is
    the new ca_bundle. TlsError when the server's certificate is not from that CA."""
    context = ssl.create_default_context(cadata=ca.pem.decode("ascii"))
    try:
        httpx.get(base_url.rstrip("/") + "/api/v1/health", verify=context,
                  timeout=timeout).raise_for_status()
    except httpx.ConnectError as exc:
        log.error("the server at %s does not present a certificate from CA %s: %s",
                  base_url, ca.fingerprint, exc)
        raise errors.TlsError(
            "Chứng chỉ của máy chủ không do CA vừa xác nhận cấp (hoặc không dành cho địa "
            "chỉ này); đã không lưu. Báo quản trị viên.") from exc
    except httpx.HTTPError as exc:
        raise errors.Unreachable("Không kiểm tra được máy chủ với CA này.") from exc
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "office-ca.pem"
    replace_file(path, ca.pem)
    log.info("office CA %s trusted for %s", ca.fingerprint, base_url)
    return path
