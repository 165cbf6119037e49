"""The counter's receipt printer as the UI sees it: one print queue, state as Qt signals.

Printer I/O runs on the queue's own thread (printing.jobs); rendering runs on a pool
thread; this object only relays job changes to the UI thread.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from counter_app.client.models import Dossier, Office

log = logging.getLogger(__name__)

DELIVERY_TEXT = {"counter": "Nhận tại Bộ phận Một cửa", "post": "Qua dịch vụ bưu chính công ích"}


def parse_printer_setting(value: str) -> dict[str, Any]:
    """'preview' | 'file:PATH' | 'network:HOST[:PORT]' -> transport settings."""
    kind, _, rest = value.partition(":")
    if kind == "file" and rest:
        return {"kind": "file", "path": rest}
    if kind == "network" and rest:
        host, _, port = rest.rpartition(":") if rest.count(":") == 1 else (rest, "", "9100")
        return {"kind": "network", "host": host or rest, "port": int(port or 9100)}
    return {"kind": "preview"}


def receipt_data(dossier: Dossier, office: Office | None, clerk_name: str, copy_label: str | None = None):
    from printing.documents.receipt import DocumentLine, ReceiptData

    applicant = dossier.applicant
    return ReceiptData(
        office_parent_name=office.parent_name if office else "",
        office_name=office.name if office else "",
        office_address=office.address if office else "",
        office_hotline=office.hotline if office else "",
        dossier_code=dossier.code,
        copy_label=copy_label,
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
    )


class ReceiptPrinter(QObject):
    sig_job_changed = Signal(object)
    """A print job changed state (queued, printing, done, failed); carries the job."""

    def __init__(self, setting: str = "preview", *, width_dots: int = 576,
                 profile: str = "default", copies: int = 1) -> None:
        super().__init__()
        from counter_app import paths
        from printing.escpos_lib import preload, use_capabilities_cache
        from printing.jobs import PrintQueue
        from printing.transports import transport_from_settings

        use_capabilities_cache(paths.cache_dir() / "escpos")
        preload()  # see preload(): never first-imported on the render thread

        self.config = parse_printer_setting(setting)
        self.name = {"preview": "máy in xem trước", "file": "máy in tệp",
                     "network": "máy in mạng"}[self.config["kind"]]
        self.width_dots = width_dots
        self.profile = profile
        self.copies = max(1, copies)
        self.transport = transport_from_settings(self.config)
        self.queue = PrintQueue(self.transport, name=self.name)
        self.queue.add_listener(self.sig_job_changed.emit)
        # Rendering (~20 ms of Pillow) runs here, in order, so copies never swap places.
        self._renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="receipt-render")

    def print_dossier(self, dossier: Dossier, office: Office | None, clerk_name: str) -> None:
        labels: list[str | None] = [None] if self.copies == 1 else [
            "Liên 1: Lưu tại cơ quan", "Liên 2: Giao người nộp hồ sơ"][: self.copies]
        datas = [receipt_data(dossier, office, clerk_name, label) for label in labels]
        self._renderer.submit(self._render_and_submit, datas)

    def _render_and_submit(self, datas: list[Any]) -> None:
        from printing.jobs import JobState, PrintJob
        from printing.service import print_receipt

        for data in datas:
            try:
                print_receipt(data, self.queue, width_dots=self.width_dots, profile=self.profile)
            except Exception as exc:
                log.exception("rendering receipt %s failed", data.dossier_code)
                message = getattr(exc, "message_vi", None) or \
                    "Không tạo được bản in biên nhận; đã ghi nhật ký cho quản trị viên."
                self.sig_job_changed.emit(PrintJob(
                    kind="receipt", title=data.job_title, data=b"", state=JobState.FAILED,
                    reason_code="internal", message=message))

    def close(self) -> None:
        self._renderer.shutdown(wait=True)
        self.queue.close()
