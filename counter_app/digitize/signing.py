"""A PAdES signature on a digitised PDF (pyHanko), by the office or the clerk.

The key is a PKCS#12 file here (signing_pkcs11.py, a USB token, comes next); its password
is asked once per session and kept in memory only, never in a file. The signing time is
the caller's (the backend's clock at the counter), not the PC's: a PC with a wrong clock
must not date the office's signature.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counter_app.digitize.errors import DigitizeError

log = logging.getLogger(__name__)

FIELD = "Chu_ky_so_hoa"
BAD_PASSWORD = "Mật khẩu tệp chữ ký số không đúng, hoặc tệp không phải chứng thư số (.p12/.pfx)."
NO_FILE = "Không tìm thấy tệp chữ ký số {name}."
EXPIRED = ("Chứng thư số của {who} đã hết hạn ngày {day:%d/%m/%Y}: không ký được. "
           "Liên hệ quản trị viên để gia hạn.")
NOT_YET = "Chứng thư số của {who} chỉ có hiệu lực từ ngày {day:%d/%m/%Y}."
SIGNER_GONE = ("Không ký được: USB ký số đã bị rút ra hoặc phiên làm việc với USB đã đóng. "
               "Cắm lại USB rồi bấm Lưu (mã PIN sẽ được hỏi lại).")


@dataclass(frozen=True)
class SignedPdf:
    data: bytes
    signer: str  # the certificate's subject common name, shown and stored with the file
    at: datetime


def load_p12(path: Path, password: bytes) -> object:
    """A pyHanko signer from a PKCS#12 file; DigitizeError with the reason otherwise."""
    from pyhanko.sign import signers

    if not Path(path).exists():
        raise DigitizeError(NO_FILE.format(name=Path(path).name))
    try:
        signer = signers.SimpleSigner.load_pkcs12(  # pyright: ignore[reportUnknownMemberType]
            str(path), passphrase=password)
    except (ValueError, OSError) as exc:
        raise DigitizeError(BAD_PASSWORD, f"{path}: {exc}") from exc
    if signer is None:  # pyHanko logs and answers None for a wrong password
        raise DigitizeError(BAD_PASSWORD, str(path))
    return signer


def signer_name(signer: object | None) -> str:
    """Who signs, with the certificate's last day: what a settings test shows."""
    if signer is None:
        return ""
    cert = getattr(signer, "signing_cert", None)
    if cert is None:
        return _common_name(signer)
    from counter_app.domain.clock import in_office_time

    end = in_office_time(cert["tbs_certificate"]["validity"]["not_after"].native)
    return f"{_common_name(signer)} (chứng thư hết hạn ngày {end:%d/%m/%Y})"


def _common_name(signer: object) -> str:
    cert = getattr(signer, "signing_cert", None)
    if cert is None:
        return ""
    return str(cert.subject.native.get("common_name", ""))


def _check_validity(signer: object, at: datetime) -> None:
    cert = getattr(signer, "signing_cert", None)
    if cert is None:
        return
    validity = cert["tbs_certificate"]["validity"]
    from counter_app.domain.clock import in_office_time

    start = in_office_time(validity["not_before"].native)
    end = in_office_time(validity["not_after"].native)
    who = _common_name(signer) or "người ký"
    if at > end:
        raise DigitizeError(EXPIRED.format(who=who, day=end), f"certificate expired {end}")
    if at < start:
        raise DigitizeError(NOT_YET.format(who=who, day=start), f"certificate from {start}")


def _signer_failed(exc: BaseException) -> bool:
    """A token pulled out, a closed session: the signer's failure, not the document's."""
    from pyhanko.sign.general import SigningError

    try:
        from pkcs11 import PKCS11Error
    except ImportError:  # no token support installed: only pyHanko's own error counts
        return isinstance(exc, SigningError)
    return isinstance(exc, SigningError | PKCS11Error)


def sign_pdf(pdf: bytes, signer: object, *, at: datetime, reason: str = "Số hóa hồ sơ",
             location: str = "", stamp: bool = False) -> SignedPdf:
    """`pdf` signed by `signer` at `at` (aware), as an incremental update; with `stamp`,
    the signature is also visible on the first page (signing_stamp.py)."""
    if at.tzinfo is None:
        raise ValueError("sign_pdf needs an aware time")
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    class _AtTime(signers.PdfSigner):
        def init_signing_session(self, pdf_out, existing_fields_only=False):  # type: ignore[override]
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = at  # the office's clock, not the PC's
            return session

    meta = signers.PdfSignatureMetadata(field_name=FIELD, reason=reason, location=location,
                                        subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = io.BytesIO()
    try:  # a token's signer reads its certificate from the token on first use
        _check_validity(signer, at)
        name = _common_name(signer)
        if stamp:
            from counter_app.digitize.signing_stamp import stamp_args

            style, spec, params = stamp_args(pdf, FIELD, name, at)
            _AtTime(meta, signer, stamp_style=style,  # type: ignore[arg-type]
                    new_field_spec=spec).sign_pdf(writer, output=out,
                                                  appearance_text_params=params)
        else:
            _AtTime(meta, signer).sign_pdf(writer, output=out)  # type: ignore[arg-type]
    except Exception as exc:
        if _signer_failed(exc):
            log.warning("signing failed in the signer: %s", type(exc).__name__)
            raise DigitizeError(SIGNER_GONE, repr(exc)) from exc
        raise
    log.info("digitised PDF signed by %s", name)
    return SignedPdf(out.getvalue(), name, at)
