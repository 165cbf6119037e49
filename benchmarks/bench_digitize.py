"""Digitisation at the counter (issue 14): paper pages to a signed PDF/A-2b.

- a 10-page A4 text document at 300 dpi, from the scanner's images to a signed PDF/A:
  seconds per page (target ≤ 0.3 s/page, no OCR) and bytes per page (target ≤ 60 KB);
- a colour ID-card page: bytes (target ≤ 300 KB);
- signing one PDF with the PKCS#11 token (SoftHSM2, a real PKCS#11 module; target p95
  ≤ 200 ms), and with a PKCS#12 file for comparison.
The test CA, key and token are made here, as in tests/digitize.
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks.report import Figure, percentile

PAGES = 10
SIGNINGS = 30


def run() -> list[Figure]:
    from counter_app.digitize.pages import read_images
    from counter_app.digitize.pdf_build import build_pdf
    from counter_app.digitize.signing import load_p12, sign_pdf
    from counter_app.domain.calendar import OFFICE_TZ
    from tests.digitize.certs import make_ca
    from tests.digitize.conftest import id_card_photo, save, text_page

    folder = Path(tempfile.mkdtemp(prefix="bench-digitize-"))
    ca = make_ca(folder / "ca")
    files = [save(text_page(n % 9 + 1), folder / f"trang{n:02d}.png") for n in range(PAGES)]
    card = save(id_card_photo(), folder / "cccd.jpg", quality=95)
    signer = load_p12(ca.p12, ca.password)
    at = datetime.now(OFFICE_TZ)

    rounds = []
    for _ in range(3):  # the median of three rounds
        t0 = time.perf_counter()
        pdf = build_pdf(read_images(files), title="Tờ khai", at=at)
        signed = sign_pdf(pdf, signer, at=at)
        rounds.append(time.perf_counter() - t0)
    per_page_s = sorted(rounds)[1] / PAGES
    text_bytes = len(signed.data) / PAGES
    colour_bytes = len(build_pdf(read_images([card], colour=True), title="CCCD", at=at))

    small = build_pdf(read_images(files[:1]), title="x", at=at)
    sign_ms = []
    for _ in range(SIGNINGS):
        t0 = time.perf_counter()
        sign_pdf(small, signer, at=at)
        sign_ms.append((time.perf_counter() - t0) * 1000)
    token_ms = _token_signing(folder, ca, small, at)
    return [
        Figure("digitise A4 text page (images → signed PDF/A)", per_page_s, "s/page", 0.3,
               f"{PAGES} pages at 300 dpi, CCITT G4, PAdES with PKCS#12; median of 3"),
        Figure("digitised A4 text page size", text_bytes / 1024, "KB/page", 60,
               "black and white, lossless, signed"),
        Figure("digitised colour ID-card page size", colour_bytes / 1024, "KB", 300,
               "85.6 × 54 mm at 300 dpi, JPEG q85"),
        Figure("sign one PDF (PKCS#12 file) p50", percentile(sign_ms, 0.5), "ms",
               baseline=True),
        Figure("sign one PDF (PKCS#12 file) p95", percentile(sign_ms, 0.95), "ms", None,
               f"{SIGNINGS} signatures, for comparison", baseline=True),
        Figure("sign one PDF (PKCS#11 token) p50", percentile(token_ms, 0.5), "ms", 200),
        Figure("sign one PDF (PKCS#11 token) p95", percentile(token_ms, 0.95), "ms", 200,
               f"{SIGNINGS} signatures on SoftHSM2, one session (PIN asked once)"),
    ]


def _token_signing(folder: Path, ca, pdf: bytes, at: datetime) -> list[float]:
    from counter_app.digitize.signing import sign_pdf
    from counter_app.digitize.signing_pkcs11 import TokenChoice, token_signer
    from tests.digitize.softhsm import library, make_token

    if library() is None:
        return [float("nan")]
    token = make_token(folder / "softhsm", ca)
    choice = TokenChoice(token.library, token.token_label, token.key_label)
    times = []
    with token_signer(choice, token.pin) as signer:
        for _ in range(SIGNINGS):
            t0 = time.perf_counter()
            sign_pdf(pdf, signer, at=at)
            times.append((time.perf_counter() - t0) * 1000)
    return times
