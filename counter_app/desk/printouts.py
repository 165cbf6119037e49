"""What goes on paper, from what the backend (or the outbox) recorded: the receipt's data
(form 01) and which printer settings a role uses. Forms 02, 03 and the return slip are in
form_data.py beside this."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import cast

from counter_app.client.dossier_files import StoredFile
from counter_app.client.models import Dossier, Office
from counter_app.domain.clock import in_office_time
from counter_app.domain.receipt_qr import art26_content
from printing.documents.receipt import DocumentLine, Proxy, ReceiptData
from printing.settings import PrinterSettings, Role, SettingsError

log = logging.getLogger(__name__)

DELIVERY_TEXT = {"counter": "Nhận tại Bộ phận Một cửa", "post": "Qua dịch vụ bưu chính công ích"}


def load_printer_settings(stored: object, role: Role) -> PrinterSettings:
    """The saved settings for `role`, or the on-screen preview printer when none or broken."""
    raw = cast("dict[str, object]", stored).get(role) if isinstance(stored, dict) else None
    if isinstance(raw, dict) and raw:
        try:
            return PrinterSettings.from_dict({**cast("dict[str, object]", raw), "role": role})
        except SettingsError as exc:
            log.error("printer settings for %s are invalid (%s); using the preview printer",
                      role, exc)
    return PrinterSettings(role=role)


def digitised_lines(files: Sequence[StoredFile]) -> tuple[str, ...]:
    """What form 01 says of each digitised component (counter_app/client/dossier_files.py)."""
    lines: list[str] = []
    for f in files:
        if f.exempt_reason:
            lines.append(f"{f.component}: miễn số hóa ({f.exempt_reason})")
        else:
            how = "dùng lại bản đã có" if f.reused_from else (
                "đã ký số" if f.signer else "chưa ký số")
            lines.append(f"{f.component}: {f.pages} trang, {how}")
    return tuple(lines)


def receipt_data(dossier: Dossier, office: Office | None, clerk_name: str,
                 files: Sequence[StoredFile] = ()) -> ReceiptData:
    applicant = dossier.applicant
    return ReceiptData(
        office_parent_name=office.parent_name if office else "",
        office_name=office.name if office else "",
        office_address=office.address if office else "",
        office_hotline=office.hotline if office else "",
        dossier_code=dossier.code,
        copy_label=None,
        applicant_name=applicant.get("full_name", ""),
        applicant_address=applicant.get("address", ""),
        applicant_phone=applicant.get("phone"),
        procedure_name=dossier.procedure.name,
        documents=tuple(DocumentLine(d.name, d.originals, d.copies) for d in dossier.documents),
        sets=dossier.sets,
        processing_time_text=dossier.procedure.processing_text,
        fee=dossier.fee,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        result_delivery_text=DELIVERY_TEXT.get(dossier.result_delivery, dossier.result_delivery),
        ledger_no=dossier.ledger_no,
        clerk_name=clerk_name,
        tracking_url=dossier.tracking_url,
        digitised=digitised_lines(files),
        applicant_id_number=str(applicant.get("id_number") or ""),
        number=f"{dossier.ledger_no}/TNHS",
        qr_content=_qr_content(dossier, office),
        proxy=_proxy(dossier.proxy),
    )


def _proxy(p: dict[str, object] | None) -> Proxy | None:
    if not p:
        return None
    return Proxy(full_name=str(p.get("full_name") or ""), id_number=str(p.get("id_number") or ""),
                 address=str(p.get("address") or ""), phone=str(p.get("phone") or ""),
                 email=str(p.get("email") or ""), authorisation=str(p.get("authorisation") or ""))


def _qr_content(dossier: Dossier, office: Office | None) -> str | None:
    """None keeps the tracking link; an office that chose art. 26 gets its content."""
    if office is None or office.receipt_qr != "circular01":
        return None
    return art26_content(dossier_code=dossier.code, procedure_code=dossier.procedure.code,
                         id_number=str(dossier.applicant.get("id_number") or ""),
                         issued_at=in_office_time(dossier.received_at),
                         due_at=in_office_time(dossier.due_at))
