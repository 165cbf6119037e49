"""Certificates are checked, never silently skipped; the province's own CA can be trusted."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from counter_app.client import errors
from counter_app.client.api import ApiClient


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "motcua.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_pem = tmp_path / "ca.pem"
    key_pem = tmp_path / "key.pem"
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return cert_pem, key_pem


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"status": "ok", "version": "t", "demo": False, "office": None}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def https_server(tmp_path):
    cert, key = _self_signed(tmp_path)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", cert
    httpd.shutdown()
    httpd.server_close()


def test_unknown_certificate_is_refused_in_vietnamese(https_server):
    url, _cert = https_server
    with pytest.raises(errors.TlsError) as info:
        ApiClient(url, timeout=3).health()
    assert "Chứng chỉ bảo mật" in info.value.message


def test_the_offices_own_ca_bundle_is_trusted(https_server):
    url, cert = https_server
    assert ApiClient(url, timeout=3, ca_bundle=str(cert)).health().version == "t"


# -- the real backend over HTTPS with the office's own CA (issue 12) ----------------------

@pytest.fixture(scope="module")
def office(tmp_path_factory):
    from counter_app.embedded import EmbeddedBackend

    backend = EmbeddedBackend(tmp_path_factory.mktemp("office-tls"), demo=True, tls=True)
    backend.start(timeout=30)
    yield backend
    backend.stop()


@pytest.fixture(scope="module")
def other_office(tmp_path_factory):
    """Another server with a CA of its own: what an impostor on the LAN would present."""
    from counter_app.embedded import EmbeddedBackend

    backend = EmbeddedBackend(tmp_path_factory.mktemp("other-tls"), demo=True, tls=True)
    backend.start(timeout=30)
    yield backend
    backend.stop()


def printed_fingerprint(backend) -> str:
    lines = (backend.data_dir / "backend.log").read_text("utf-8").splitlines()
    at = lines.index("Dấu vân tay SHA-256 của CA (đọc cho cán bộ so khi quầy hỏi):")
    return lines[at + 1].strip()


def test_first_contact_pins_the_ca_whose_fingerprint_serve_printed(office, tmp_path):
    from counter_app.client.tls_pin import fetch_office_ca, pin_office_ca

    with pytest.raises(errors.UnknownCa) as info:  # nothing trusted yet: refused
        ApiClient(office.base_url, timeout=5).health()
    assert "dấu vân tay" in info.value.message

    ca = fetch_office_ca(office.base_url)
    assert ca.fingerprint == printed_fingerprint(office)  # what the clerk compares
    assert len(ca.fingerprint) == 95 and "Một cửa" in ca.name
    pinned = pin_office_ca(office.base_url, ca, tmp_path / "config")
    assert pinned.read_bytes() == office.ca_file.read_bytes()

    api = ApiClient(office.base_url, timeout=5, ca_bundle=str(pinned))
    assert api.login("canbo1", "canbo1").user.username == "canbo1"  # a real handshake
    api.close()


def test_a_pinned_ca_refuses_another_servers_certificate(office, other_office, tmp_path):
    from counter_app.client.tls_pin import fetch_office_ca, pin_office_ca

    pinned = pin_office_ca(office.base_url, fetch_office_ca(office.base_url), tmp_path)
    with pytest.raises(errors.TlsError):
        ApiClient(other_office.base_url, timeout=5, ca_bundle=str(pinned)).health()

    # An impostor handing out the real office CA (fingerprint right) but its own
    # certificate: the handshake fails and nothing is kept.
    real_ca = fetch_office_ca(office.base_url)
    with pytest.raises(errors.TlsError) as info:
        pin_office_ca(other_office.base_url, real_ca, tmp_path / "impostor")
    assert "không do CA vừa xác nhận cấp" in info.value.message
    assert not (tmp_path / "impostor" / "office-ca.pem").exists()


def test_the_server_certificate_is_renewed_under_the_same_ca(tmp_path):
    from backend.certs import office_tls

    now = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    first = office_tls(tmp_path, ["localhost", "127.0.0.1"], now=now)
    leaf = first.cert_file.read_bytes()
    assert office_tls(tmp_path, ["localhost"], now=now).cert_file.read_bytes() == leaf
    renamed = office_tls(tmp_path, ["localhost", "127.0.0.1", "motcua.lan"], now=now)
    renamed_leaf = renamed.cert_file.read_bytes()
    later = office_tls(tmp_path, ["localhost"], now=now + dt.timedelta(days=380))
    assert renamed.fingerprint == later.fingerprint == first.fingerprint  # the pin holds
    assert len({leaf, renamed_leaf, later.cert_file.read_bytes()}) == 3
    assert (tmp_path / "office-ca-key.pem").stat().st_mode & 0o077 == 0


class ToLoopback(httpx.HTTPTransport):
    """Real HTTP to the backend on loopback for any host name: a server 'on the LAN'."""

    def __init__(self, port: int) -> None:
        super().__init__()
        self.port, self.sent = port, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        request.url = request.url.copy_with(host="127.0.0.1", port=self.port)
        return super().handle_request(request)


def test_plain_http_to_another_machine_is_refused_unless_allowed(tmp_path):
    from counter_app.embedded import EmbeddedBackend

    with EmbeddedBackend(tmp_path / "plain", demo=True) as backend:
        refused = ToLoopback(backend.port)
        with pytest.raises(errors.InsecureConnection) as info:
            ApiClient("http://motcua.lan:8765", transport=refused).login("canbo1", "canbo1")
        assert "https://" in info.value.message and refused.sent == 0  # not even tried

        allowed = ToLoopback(backend.port)
        api = ApiClient("http://motcua.lan:8765", transport=allowed, allow_plain_http=True)
        assert api.health().demo and allowed.sent == 1
        assert ApiClient(backend.base_url).health().demo  # this PC: always fine
