"""The optional visible signature (issue 14 item 3): a box on the first page with the
signer and the office-time moment in Vietnamese; the signature still validates in pyHanko
and in poppler's pdfsig; without the setting nothing is drawn."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import datetime

import pikepdf
import pytest

from counter_app.digitize.signing import load_p12, sign_pdf
from counter_app.domain.calendar import OFFICE_TZ
from tests.digitize.test_sign import _pdf, _pdfsig, _status

AT = datetime(2026, 12, 5, 9, 30, tzinfo=OFFICE_TZ)


def _page_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    path = tmp_path / "stamp.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def _widgets(data: bytes) -> list:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        annots = pdf.pages[0].obj.get("/Annots") or []
        return [a.get("/Rect") for a in annots if a.get("/Subtype") == "/Widget"
                and a.get("/Rect") is not None and float(a.Rect[2]) > float(a.Rect[0])]


def test_a_stamped_signature_shows_who_and_when_and_still_validates(office_ca, pdfsig,
                                                                     tmp_path):
    signer = load_p12(office_ca.p12, office_ca.password)
    signed = sign_pdf(_pdf(AT), signer, at=AT, stamp=True)
    text = _page_text(signed.data, tmp_path)
    assert "Đã ký số bởi" in text and office_ca.signer_name in text
    assert "09:30 05/12/2026" in text and "Bản số hóa" in text
    assert len(_widgets(signed.data)) == 1  # one visible box on the first page
    status = _status(signed.data, office_ca.root_pem)
    assert status.intact and status.valid and status.bottom_line
    assert "Signature is Valid" in _pdfsig(pdfsig, signed.data, tmp_path)
    with pikepdf.open(io.BytesIO(signed.data)) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "2"


def test_without_the_setting_nothing_is_drawn(office_ca, tmp_path):
    signed = sign_pdf(_pdf(AT), load_p12(office_ca.p12, office_ca.password), at=AT)
    assert "Đã ký số" not in _page_text(signed.data, tmp_path)
    assert _widgets(signed.data) == []
