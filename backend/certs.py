"""The office's own certificate authority and the server certificate it signs.

An office LAN has no public name a public CA would certify, so on first start the server
makes a CA of its own (kept for 10 years) and a server certificate for the names and
addresses counters use. A counter trusts the CA once, after the clerk compared its
fingerprint with the one `serve` printed; a new server certificate (a new name, an
address change, renewal) is then trusted without asking again. Keys are written 0600.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from counter_app.domain.fingerprint import sha256_fingerprint

log = logging.getLogger(__name__)
CA_DAYS = 3650
SERVER_DAYS = 397  # what browsers accept; renewed by the server a month before the end
RENEW_BEFORE = dt.timedelta(days=30)


@dataclass(frozen=True)
class ServerTls:
    cert_file: Path  # the server certificate followed by the CA: the chain a client needs
    key_file: Path
    ca_pem: bytes | None  # published at /api/v1/tls/ca.pem for first contact
    fingerprint: str  # SHA-256 of the CA (or of the certificate when no CA is known)


def local_names(host: str, extra: list[str]) -> list[str]:
    """Names a counter may type: this PC's name and addresses, loopback, the bound host."""
    names = ["localhost", "127.0.0.1", *extra]
    if host not in ("0.0.0.0", "::", ""):
        names.append(host)
    try:
        hostname = socket.gethostname()
        names += [hostname, socket.getfqdn()]
        names += [info[4][0] for info in socket.getaddrinfo(hostname, None)]
    except OSError:
        pass
    try:  # the address of the default route, without sending anything
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            names.append(s.getsockname()[0])
    except OSError:
        pass
    return list(dict.fromkeys(str(n).split("%")[0] for n in names if n))


def office_tls(folder: Path, names: list[str], *, now: dt.datetime | None = None) -> ServerTls:
    """The CA in `folder` (made when absent) and a server certificate covering `names`
    (made again when a name is missing, the CA changed, or it ends within a month)."""
    now = now or dt.datetime.now(dt.UTC)
    folder.mkdir(parents=True, exist_ok=True)
    ca_file, ca_key_file = folder / "office-ca.pem", folder / "office-ca-key.pem"
    cert_file, key_file = folder / "server.pem", folder / "server-key.pem"
    if not ca_file.exists() or not ca_key_file.exists():
        _write_ca(ca_file, ca_key_file, now)
        log.info("made the office CA in %s", folder)
    ca = x509.load_pem_x509_certificate(ca_file.read_bytes())
    ca_key = serialization.load_pem_private_key(ca_key_file.read_bytes(), None)
    if not _still_good(cert_file, key_file, ca, names, now):
        _write_server(cert_file, key_file, ca, ca_key, names, now)
        log.info("made a server certificate for %s", ", ".join(names))
    ca_pem = ca.public_bytes(serialization.Encoding.PEM)
    return ServerTls(cert_file, key_file, ca_pem,
                     sha256_fingerprint(ca.public_bytes(serialization.Encoding.DER)))


def given_tls(cert_file: Path, key_file: Path) -> ServerTls:
    """The office's own certificate (a provincial CA's): counters get that CA installed."""
    cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
    return ServerTls(cert_file, key_file, None,
                     sha256_fingerprint(cert.public_bytes(serialization.Encoding.DER)))


def _san(names: list[str]) -> x509.SubjectAlternativeName:
    entries: list[x509.GeneralName] = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(entries)


def _still_good(cert_file: Path, key_file: Path, ca: x509.Certificate, names: list[str],
                now: dt.datetime) -> bool:
    if not cert_file.exists() or not key_file.exists():
        return False
    try:
        cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
        cert.verify_directly_issued_by(ca)
        have = set(cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
    except (ValueError, TypeError, x509.ExtensionNotFound, InvalidSignature):
        return False
    return set(_san(names)) <= have and cert.not_valid_after_utc - RENEW_BEFORE > now


def _write_ca(ca_file: Path, key_file: Path, now: dt.datetime) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Bộ phận Một cửa"),
        x509.NameAttribute(NameOID.COMMON_NAME, f"CA Một cửa {socket.gethostname()}"[:64]),
    ])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True,
                                         False, False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    _write_key(key_file, key)
    _write(ca_file, cert.public_bytes(serialization.Encoding.PEM), 0o644)


def _write_server(cert_file: Path, key_file: Path, ca: x509.Certificate, ca_key,
                  names: list[str], now: dt.datetime) -> None:
    ca_public = ca.public_key()
    assert isinstance(ca_public, ec.EllipticCurvePublicKey)  # _write_ca makes a P-256 key
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0][:64])]))
            .issuer_name(ca.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=SERVER_DAYS))
            .add_extension(_san(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_public),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    _write_key(key_file, key)
    _write(cert_file, cert.public_bytes(serialization.Encoding.PEM)
           + ca.public_bytes(serialization.Encoding.PEM), 0o644)


def _write_key(path: Path, key) -> None:
    _write(path, key.private_bytes(serialization.Encoding.PEM,
                                   serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption()), 0o600)


def _write(path: Path, data: bytes, mode: int) -> None:
    # Whole or not at all: a counter or a second start may read the file meanwhile.
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
