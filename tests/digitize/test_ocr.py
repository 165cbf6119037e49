"""The optional OCR text layer (issue 14): a Vietnamese page comes out searchable, signed
after the text is added (the signature still verifies), still PDF/A-2b; without tesseract
or its Vietnamese model the PDF is built all the same and the clerk is told why."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from counter_app.digitize import ocr
from counter_app.digitize.build_process import build_pdf_apart
from counter_app.digitize.pages import Page, normalised
from counter_app.digitize.pdf_build import build_pdf
from counter_app.digitize.verify import check_pdf
from tests.digitize.test_build import AT
from tests.digitize.test_cli import _run

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINES = ("Cộng hòa xã hội chủ nghĩa Việt Nam", "Tờ khai đăng ký thường trú")
needs_tesseract = pytest.mark.skipif(
    ocr.missing_reason() != "", reason="tesseract with the Vietnamese model (tesseract-ocr, "
    "tesseract-ocr-vie) is not installed: dev.py installs them")


def vietnamese_page() -> Image.Image:
    if not FONT.exists():
        pytest.skip("DejaVuSans.ttf (Vietnamese glyphs) not on this machine")
    img = Image.new("L", (2480, 1300), 255)
    draw, font = ImageDraw.Draw(img), ImageFont.truetype(str(FONT), 80)
    for n, line in enumerate(LINES):
        draw.text((200, 300 + 300 * n), line, font=font, fill=0)
    return img


def text_of(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@needs_tesseract
def test_the_cli_ocrs_then_signs_and_the_words_are_found(tmp_path, office_ca):
    page = tmp_path / "trang1.png"
    vietnamese_page().save(page, dpi=(300, 300))
    out = tmp_path / "to-khai.pdf"
    done = _run(str(page), "--out", str(out), "--ocr", "--sign-p12", str(office_ca.p12),
                "--p12-password-env", "MAT_KHAU_P12", MAT_KHAU_P12=office_ca.password.decode())
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    words = text_of(data, tmp_path)
    assert "thường trú" in words and "Việt Nam" in words
    checked = check_pdf(data, [office_ca.root_pem])
    assert checked.ok and checked.pdfa and checked.pages == 1


@needs_tesseract
def test_the_counter_worker_adds_the_text_only_when_asked(tmp_path):
    pages = [Page(normalised(vietnamese_page(), False), 300, "p1")]
    plain = build_pdf_apart(pages, title="Tờ khai", at=AT)
    assert "Việt Nam" not in text_of(plain, tmp_path)  # off by default
    notes: list[str] = []
    searchable = build_pdf_apart(pages, title="Tờ khai", at=AT, ocr=True, notes=notes)
    assert notes == [] and "Việt Nam" in text_of(searchable, tmp_path)
    with pikepdf.open(io.BytesIO(searchable)) as pdf:
        assert len(pdf.pages) == 1 and pdf.open_metadata()["pdfaid:conformance"] == "B"


def test_without_tesseract_the_pdf_is_built_and_the_reason_said(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    pages = [Page(normalised(Image.new("L", (600, 400), 255), False), 300, "p1")]
    built = build_pdf(pages, title="t", at=AT)
    result = ocr.add_text_layer(built, pages)
    assert result.data == built and result.note == ocr.NO_TESSERACT


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_without_the_vietnamese_model_the_reason_is_said(monkeypatch, tmp_path):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # a tessdata folder with no vie
    pages = [Page(normalised(Image.new("L", (600, 400), 255), False), 300, "p1")]
    built = build_pdf(pages, title="t", at=AT)
    result = ocr.add_text_layer(built, pages)
    assert result.data == built and result.note == ocr.NO_MODEL
