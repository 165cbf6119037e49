"""A stored digitised PDF checked again when it is opened: is it whole, is its signature
intact and by whom, when, and does it still say it is PDF/A. The words are for the clerk.

The office's CA is not known to every counter: the chain is checked only when trust roots
are given; otherwise the answer says the signature is intact and names the signer, and
that the certificate chain was not checked here.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checked:
    pages: int
    pdfa: bool
    signed: bool
    intact: bool  # every signed byte unchanged
    trusted: bool | None  # None: no trust roots given, chain not checked
    signer: str
    signed_at: datetime | None

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.trusted is not False

    def summary(self) -> str:
        if not self.signed:
            return f"{self.pages} trang. CHƯA KÝ SỐ."
        when = f" lúc {self.signed_at:%H:%M %d/%m/%Y}" if self.signed_at else ""
        if not self.intact:
            return (f"{self.pages} trang. CHỮ KÝ KHÔNG CÒN HIỆU LỰC: tệp đã bị thay đổi "
                    "sau khi ký.")
        chain = {True: "chứng thư tin cậy", False: "CHỨNG THƯ KHÔNG TIN CẬY",
                 None: "chưa kiểm tra chuỗi chứng thư trên máy này"}[self.trusted]
        return f"{self.pages} trang. Chữ ký số hợp lệ của {self.signer}{when} ({chain})."


def check_pdf(data: bytes, trust_roots: list[Path] | None = None) -> Checked:
    import pikepdf
    from pyhanko import keys
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
        pdfa = str(pdf.open_metadata().get("pdfaid:part", "")) == "2"
    signatures = PdfFileReader(io.BytesIO(data)).embedded_signatures
    if not signatures:
        return Checked(pages, pdfa, False, False, None, "", None)
    roots: list[Any] = [keys.load_cert_from_pemder(str(p))  # pyright: ignore[reportUnknownMemberType]
                        for p in trust_roots or []]
    # No roots: the chain is not judged here (and never against the PC's own trust list).
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    status = validate_pdf_signature(signatures[0], context)
    cert: Any = status.signing_cert
    signer = str(cert.subject.native.get("common_name", ""))
    trusted = bool(status.trusted) if roots else None
    log.info("digitised PDF checked: intact=%s trusted=%s", status.intact, trusted)
    return Checked(pages, pdfa, True, bool(status.intact and status.valid), trusted, signer,
                   status.signer_reported_dt)
