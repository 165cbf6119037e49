"""An optional invisible text layer (OCR, Vietnamese) over each page of a built PDF, so
the stored file can be searched and its text copied. Off unless the office turns it on.

Tesseract draws only the text (`textonly_pdf=1`), one page per image, with its own
embedded glyph-less font; each is laid over its page as a form XObject, so the picture
stays exactly as scanned and the PDF/A-2b identification (XMP) is kept. It runs where the
PDF is built (the worker process), before the signature: a signature covers the text too.
Without tesseract or its Vietnamese model the PDF is still built, with a note saying why.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from counter_app.digitize.pages import Page

log = logging.getLogger(__name__)

LANG = "vie"
NO_TESSERACT = ("Chưa nhận dạng chữ (OCR): máy này chưa cài tesseract; tệp PDF vẫn được "
                "tạo, chỉ không tìm kiếm được chữ.")
NO_MODEL = ("Chưa nhận dạng chữ (OCR): tesseract chưa có bộ tiếng Việt (gói "
            "tesseract-ocr-vie); tệp PDF vẫn được tạo, chỉ không tìm kiếm được chữ.")
FAILED = "Chưa nhận dạng chữ (OCR) được ({detail}); tệp PDF vẫn được tạo, không có lớp chữ."
TIMEOUT_S = 120  # one 300 dpi page takes a few seconds; a hung tesseract must not hold the PDF


@dataclass(frozen=True)
class WithText:
    data: bytes
    note: str = ""  # for the clerk, when the text layer could not be added


def missing_reason() -> str:
    """"" when tesseract with the Vietnamese model is here, else the clerk's note."""
    exe = shutil.which("tesseract")
    if exe is None:
        return NO_TESSERACT
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True,
                               timeout=30, check=False).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("tesseract --list-langs failed: %s", exc)
        return NO_TESSERACT
    return "" if LANG in langs else NO_MODEL


def text_page(page: Page, folder: Path) -> bytes:
    """One page of invisible text, the size of the image at its resolution."""
    image = folder / "page.png"
    page.image.save(image, dpi=(page.dpi, page.dpi))
    # One thread: the counter PC has two cores, and the clerk's window needs one.
    done = subprocess.run(["tesseract", str(image), "-", "-l", LANG, "--dpi", str(page.dpi),
                           "-c", "textonly_pdf=1", "pdf"],
                          capture_output=True, timeout=TIMEOUT_S, check=False,
                          env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    if done.returncode != 0 or not done.stdout.startswith(b"%PDF"):
        raise RuntimeError(done.stderr.decode(errors="replace").strip()[-300:]
                           or f"exit {done.returncode}")
    return done.stdout


def add_text_layer(pdf: bytes, pages: Sequence[Page]) -> WithText:
    """`pdf` (built from `pages`, one image per page) with each page's text laid over it."""
    reason = missing_reason()
    if reason:
        log.warning("OCR skipped: %s", reason)
        return WithText(pdf, reason)
    import pikepdf

    try:
        with tempfile.TemporaryDirectory(prefix="ocr-") as folder, \
                pikepdf.open(io.BytesIO(pdf)) as doc:
            texts = [pikepdf.open(io.BytesIO(text_page(p, Path(folder)))) for p in pages]
            try:
                for target, text in zip(doc.pages, texts, strict=True):
                    target.add_overlay(text.pages[0], pikepdf.Rectangle(target.mediabox))
                out = io.BytesIO()
                doc.save(out, deterministic_id=True, min_version="1.7")
            finally:
                for text in texts:
                    text.close()
    except (OSError, RuntimeError, ValueError, subprocess.SubprocessError,
            pikepdf.PdfError) as exc:
        log.warning("OCR failed, PDF kept without text: %s", exc)
        return WithText(pdf, FAILED.format(detail=type(exc).__name__))
    return WithText(out.getvalue())
