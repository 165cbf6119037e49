"""A test certificate authority made in the test: a root, and an office certificate signed
by it, as a PKCS#12 file with a password (what a Vietnamese office gets from its CA)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class OfficeCa:
    root_pem: Path
    p12: Path
    password: bytes
    signer_name: str


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND xã Thử Nghiệm"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_ca(folder: Path, *, valid_from: datetime | None = None,
            days: int = 365) -> OfficeCa:
    start = valid_from or datetime.now(UTC) - timedelta(days=1)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = (x509.CertificateBuilder().subject_name(_name("CA thử nghiệm"))
            .issuer_name(_name("CA thử nghiệm")).public_key(root_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                         crl_sign=True, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .sign(root_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signer_name = "Bộ phận Một cửa xã Thử Nghiệm"
    cert = (x509.CertificateBuilder().subject_name(_name(signer_name))
            .issuer_name(root.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + timedelta(days=days))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                         key_cert_sign=False, crl_sign=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                           critical=False)
            .sign(root_key, hashes.SHA256()))
    password = b"mat-khau-thu"
    folder.mkdir(parents=True, exist_ok=True)
    root_pem = folder / "root.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    p12 = folder / "van-phong.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"van-phong", key, cert, [root], serialization.BestAvailableEncryption(password)))
    return OfficeCa(root_pem, p12, password, signer_name)
