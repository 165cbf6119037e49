"""Signing with a PKCS#11 token (SoftHSM2, a real PKCS#11 module): the office's key on the
token signs a digitised PDF that both validators accept; a wrong PIN, a missing key, an
unplugged token and a missing driver each say so in Vietnamese."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from counter_app.digitize.errors import DigitizeError
from counter_app.digitize.pages import Page
from counter_app.digitize.pdf_build import build_pdf
from counter_app.digitize.signing import sign_pdf
from counter_app.digitize.signing_pkcs11 import (
    NO_KEY,
    NO_LIBRARY,
    NO_TOKEN,
    WRONG_PIN,
    TokenChoice,
    token_signer,
)
from counter_app.domain.calendar import OFFICE_TZ
from tests.digitize.conftest import text_page


def _choice(token) -> TokenChoice:
    return TokenChoice(token.library, token.token_label, token.key_label)


def test_the_token_signs_and_both_validators_accept(soft_token, office_ca, pdfsig, tmp_path):
    at = datetime.now(OFFICE_TZ).replace(microsecond=0)
    pdf = build_pdf([Page(text_page(1).convert("1"), 300, "p1")], title="Sổ hộ khẩu", at=at)
    with token_signer(_choice(soft_token), soft_token.pin) as signer:
        signed = sign_pdf(pdf, signer, at=at)
    assert signed.signer == office_ca.signer_name
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(office_ca.root_pem))])
    status = validate_pdf_signature(
        PdfFileReader(io.BytesIO(signed.data)).embedded_signatures[0], context)
    assert status.bottom_line and status.signer_reported_dt == at
    path = tmp_path / "token.pdf"
    path.write_bytes(signed.data)
    out = subprocess.run([pdfsig, str(path)], capture_output=True, text=True).stdout
    assert "Signature Validation: Signature is Valid" in out


@pytest.mark.parametrize("change, pin, expected", [
    ({}, "000000", WRONG_PIN),
    ({"key_label": "khong-co"}, None, NO_KEY.format(label="khong-co")),
    ({"token_label": "USB-khac"}, None, NO_TOKEN.format(label="USB-khac")),
    ({"library": Path("/khong/co/thu-vien.so")}, None,
     NO_LIBRARY.format(name="thu-vien.so")),
])
def test_what_goes_wrong_with_a_token_is_said(soft_token, change, pin, expected):
    choice = replace(_choice(soft_token), **change)
    with pytest.raises(DigitizeError) as refused:
        with token_signer(choice, pin or soft_token.pin):
            pass
    assert refused.value.message == expected
    assert (pin or soft_token.pin) not in str(refused.value)  # the PIN is never in a log line


@pytest.mark.qt_no_exception_capture  # python-pkcs11's finalizers complain about the dead session
def test_a_token_pulled_out_mid_session_is_said(soft_token):
    from counter_app.digitize.signing import SIGNER_GONE
    from counter_app.digitize.signing_pkcs11 import open_token

    at = datetime.now(OFFICE_TZ).replace(microsecond=0)
    pdf = build_pdf([Page(text_page(1).convert("1"), 300, "p1")], title="x", at=at)
    signer, close = open_token(_choice(soft_token), soft_token.pin)
    close()  # the USB is pulled out: the session is gone
    with pytest.raises(DigitizeError) as refused:
        sign_pdf(pdf, signer, at=at)
    assert refused.value.message == SIGNER_GONE


def test_the_setting_names_library_token_and_key():
    from counter_app.digitize.signing_pkcs11 import parse_choice

    choice = parse_choice("/usr/lib/softhsm/libsofthsm2.so | MotCua | ky-so")
    assert (str(choice.library), choice.token_label, choice.key_label) == (
        "/usr/lib/softhsm/libsofthsm2.so", "MotCua", "ky-so")
    with pytest.raises(DigitizeError):
        parse_choice("/usr/lib/softhsm/libsofthsm2.so|MotCua")


def test_the_counter_opens_the_signer_its_settings_name(soft_token, office_ca):
    """counter_app/desk/digitize.py open_signer: the .p12 setting or the token setting,
    with what the clerk typed once; a wrong PIN is said, and nothing else is opened."""
    from counter_app.desk.digitize import open_signer

    token = f"{soft_token.library}|{soft_token.token_label}|{soft_token.key_label}"
    with pytest.raises(DigitizeError) as refused:
        open_signer("", token, "000000")
    assert refused.value.message == WRONG_PIN
    assert open_signer(str(office_ca.p12), "", office_ca.password.decode()) is not None
    assert open_signer("", "", "") is None  # nothing set up: stored unsigned, and said so
    opened = open_signer("", token, soft_token.pin)  # stays open for the clerk's session
    assert opened is not None
    opened.pkcs11_session.close()  # type: ignore[attr-defined]  # the other tests log in
