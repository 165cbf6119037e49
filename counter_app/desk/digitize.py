"""Digitise one document component of a received dossier: the scanned pages (as many as
the paper has), one PDF/A-2b, signed, stored with the dossier on the backend.

The window calls this off the UI thread; the signing time is the backend's clock as the
counter knows it (ReceptionService.clock), never the PC's. The page count is checked
before anything is built or sent: a missing or extra page blocks the save.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from counter_app.client import errors
from counter_app.client.dossier_files import DossierFilesApi, StoredFile
from counter_app.desk.pending_uploads import Kept, PendingUploads
from counter_app.digitize.build_process import build_pdf_apart
from counter_app.digitize.errors import DigitizeError
from counter_app.digitize.pages import Page
from counter_app.digitize.scanners import ScannerInfo
from counter_app.digitize.signing import sign_pdf

log = logging.getLogger(__name__)

def open_signer(p12: str, pkcs11: str, secret: str) -> object | None:
    """The office's signer from the settings (a .p12 file, or a USB token given as
    "library|token|key"), opened with the password or PIN the clerk typed; off the UI
    thread (a file, a token). None when no signature is set up."""
    from pathlib import Path

    if p12:
        from counter_app.digitize.signing import load_p12

        return load_p12(Path(p12), secret.encode())
    if pkcs11:
        from counter_app.digitize.signing_pkcs11 import open_token, parse_choice

        signer, _close = open_token(parse_choice(pkcs11), secret)  # open for the session
        return signer
    return None


def discover_scanners() -> list[ScannerInfo]:
    """Every scanner this PC can drive: SANE devices and TWAIN sources (`sane:DEVICE`,
    `twain:SOURCE`). Slow (USB, network): off the UI thread. Raises the DigitizeError of
    the platform's own kind (TWAIN on Windows, SANE elsewhere) only when none was found
    and that kind could not even be asked."""
    import sys

    from counter_app.digitize.scanner_twain import TwainScanner
    from counter_app.digitize.scanners import SaneScanner

    finders = [SaneScanner.discover, TwainScanner.discover]
    if sys.platform == "win32":
        finders.reverse()
    found: list[ScannerInfo] = []
    failed: list[DigitizeError] = []
    for finder in finders:
        try:
            found += finder()
        except DigitizeError as exc:
            log.info("scanner discovery: %s", exc)
            failed.append(exc)
    if not found and len(failed) == len(finders):
        raise failed[0]
    return found


PAGE_COUNT = ("“{component}” có {paper} trang giấy nhưng đã quét {scanned} trang: quét "
              "bổ sung, xóa trang thừa hoặc sửa số trang trước khi lưu.")


def digitise_component(files: DossierFilesApi, code: str, component: str,
                       pages: Sequence[Page], paper_pages: int, signer: object | None,
                       at: datetime, pending: PendingUploads | None = None, *,
                       ocr: bool = False, notes: list[str] | None = None,
                       stamp: bool = False
                       ) -> StoredFile | Kept:
    """Build, sign (when a signer is given) and store; DigitizeError or the client's
    ApiError kinds say what went wrong, and nothing half-stored is registered. With
    `pending`, a backend that does not answer keeps the signed file on this PC (Kept).
    With `ocr`, the text layer is added in the PDF worker before signing; a reason it
    could not be is appended to `notes`."""
    if len(pages) != paper_pages:
        raise DigitizeError(PAGE_COUNT.format(component=component, paper=paper_pages,
                                              scanned=len(pages)))
    data = build_pdf_apart(pages, title=component, at=at, ocr=ocr, notes=notes)
    signer_name = ""
    if signer is not None:
        signed = sign_pdf(data, signer, at=at, stamp=stamp)
        data, signer_name = signed.data, signed.signer
    try:
        stored = files.store(code, component, data, len(pages), signer_name)
    except (errors.Unreachable, errors.Timeout, errors.ServerError):
        if pending is None:  # (a full disk on the backend answers 507: kept here too)
            raise
        return pending.keep(code, component, data, len(pages), signer_name)
    log.info("dossier %s: component %d stored (%d pages, %d KB)", code, stored.id,
             len(pages), len(data) // 1024)
    return stored
