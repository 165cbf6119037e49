"""A digitised PDF signed with the office's certificate (PAdES, pyHanko): valid in pyHanko's
validator and in an independent one (poppler's pdfsig), dated by the office's clock, still
PDF/A; one changed byte and both say invalid."""

from __future__ import annotations

import io
import subprocess
from datetime import datetime, timedelta

import pikepdf
import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from counter_app.digitize.errors import DigitizeError
from counter_app.digitize.pages import Page
from counter_app.digitize.pdf_build import build_pdf
from counter_app.digitize.signing import BAD_PASSWORD, load_p12, sign_pdf
from counter_app.domain.calendar import OFFICE_TZ
from tests.digitize.certs import make_ca
from tests.digitize.conftest import text_page


def _pdf(at: datetime) -> bytes:
    return build_pdf([Page(text_page(n).convert("1"), 300, f"p{n}") for n in (1, 2)],
                     title="Giấy khai sinh", at=at)


def _status(data: bytes, root_pem):
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(root_pem))])
    reader = PdfFileReader(io.BytesIO(data))
    return validate_pdf_signature(reader.embedded_signatures[0], context)


def _pdfsig(pdfsig: str, data: bytes, tmp_path) -> str:
    path = tmp_path / "ky-so.pdf"
    path.write_bytes(data)
    return subprocess.run([pdfsig, str(path)], capture_output=True, text=True).stdout


def test_signed_by_the_office_valid_in_two_validators_at_the_offices_time(office_ca, pdfsig,
                                                                            tmp_path):
    at = datetime.now(OFFICE_TZ).replace(microsecond=0) - timedelta(minutes=7)  # server time
    signed = sign_pdf(_pdf(at), load_p12(office_ca.p12, office_ca.password), at=at)
    assert signed.signer == office_ca.signer_name

    status = _status(signed.data, office_ca.root_pem)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.signer_reported_dt == at  # not the PC's clock
    assert "Signature Validation: Signature is Valid" in _pdfsig(pdfsig, signed.data, tmp_path)
    with pikepdf.open(io.BytesIO(signed.data)) as pdf:  # the signature kept it PDF/A
        assert pdf.open_metadata()["pdfaid:part"] == "2"
        assert len(pdf.pages) == 2


def test_one_changed_byte_makes_both_validators_say_invalid(office_ca, pdfsig, tmp_path):
    at = datetime.now(OFFICE_TZ).replace(microsecond=0)
    data = bytearray(sign_pdf(_pdf(at), load_p12(office_ca.p12, office_ca.password),
                              at=at).data)
    image_at = data.index(b"/CCITTFaxDecode")  # inside the signed range: a page's pixels
    start = data.index(b"stream", image_at) + 200
    data[start] ^= 0xFF
    status = _status(bytes(data), office_ca.root_pem)
    assert not status.intact and not status.bottom_line  # the digest no longer matches
    assert "Signature Validation: Digest Mismatch" in _pdfsig(pdfsig, bytes(data), tmp_path)


def test_a_wrong_password_is_said_and_nothing_is_signed(office_ca):
    with pytest.raises(DigitizeError) as refused:
        load_p12(office_ca.p12, b"khong-dung")
    assert refused.value.message == BAD_PASSWORD


def test_an_expired_certificate_does_not_sign(tmp_path):
    old = make_ca(tmp_path / "cu", valid_from=datetime(2024, 1, 1, tzinfo=OFFICE_TZ), days=30)
    at = datetime(2026, 12, 4, 9, 0, tzinfo=OFFICE_TZ)
    with pytest.raises(DigitizeError) as refused:
        sign_pdf(_pdf(at), load_p12(old.p12, old.password), at=at)
    assert "đã hết hạn ngày 31/01/2024" in refused.value.message
