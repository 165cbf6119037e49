"""A real PKCS#11 token for the tests: SoftHSM2 (Debian's softhsm2), its own token folder,
the office's key and certificate from the test CA put on it, as a CA's USB token comes."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from tests.digitize.certs import OfficeCa

LIBRARIES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")


@dataclass(frozen=True)
class SoftToken:
    library: Path
    token_label: str
    key_label: str
    pin: str


def library() -> Path | None:
    return next((Path(p) for p in LIBRARIES if Path(p).exists()), None)


def make_token(folder: Path, ca: OfficeCa) -> SoftToken:
    """A fresh token holding the CA's office key (label "ky-so") and its certificate."""
    lib = library()
    util = shutil.which("softhsm2-util")
    assert lib is not None and util is not None, "softhsm2 is not installed"
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)  # read by the library when it loads
    token = SoftToken(lib, "MotCua-Test", "ky-so", "123456")
    subprocess.run([util, "--init-token", "--free", "--label", token.token_label,
                    "--pin", token.pin, "--so-pin", "87654321"], check=True, capture_output=True)
    key, cert, _chain = pkcs12.load_key_and_certificates(ca.p12.read_bytes(), ca.password)
    assert key is not None and cert is not None
    key_pem = folder / "key.pem"
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    subprocess.run([util, "--import", str(key_pem), "--token", token.token_label,
                    "--label", token.key_label, "--id", "01", "--pin", token.pin],
                   check=True, capture_output=True)
    key_pem.unlink()

    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    with pkcs11.lib(str(lib)).get_token(token_label=token.token_label).open(
            rw=True, user_pin=token.pin) as session:
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: token.key_label, Attribute.ID: b"\x01",
            Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            Attribute.SUBJECT: cert.subject.public_bytes(),
            Attribute.ISSUER: cert.issuer.public_bytes(),
        })
    return token
