"""A printer as the UI sees it (one per role: receipts, queue tickets): its settings, one
print queue, and job changes relayed as a Qt signal.

Printer I/O runs on the queue's own thread (printing.jobs); rendering on this object's
single render thread, in order; the UI thread only builds the document data.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from counter_app.client.models import Dossier, Office

log = logging.getLogger(__name__)

DELIVERY_TEXT = {"counter": "Nhận tại Bộ phận Một cửa", "post": "Qua dịch vụ bưu chính công ích"}
KIND_NAMES = {"preview": "xem trước", "file": "tệp", "network": "mạng", "usb": "USB",
              "serial": "cổng COM", "cups": "CUPS", "win32": "Windows"}


def load_printer_settings(stored: dict[str, Any], role: str):  # -> PrinterSettings
    """The saved settings for `role`, or the on-screen preview printer when none or broken."""
    from printing.settings import PrinterSettings, SettingsError

    raw = stored.get(role) if isinstance(stored, dict) else None
    if raw:
        try:
            return PrinterSettings.from_dict({**raw, "role": role})
        except SettingsError as exc:
            log.error("printer settings for %s are invalid (%s); using the preview printer",
                      role, exc)
    return PrinterSettings(role=role)


def receipt_data(dossier: Dossier, office: Office | None, clerk_name: str):  # -> ReceiptData
    from printing.documents.receipt import DocumentLine, ReceiptData

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
    )


_RANK = {"queued": 0, "printing": 1, "done": 2, "failed": 2, "voided": 2}


class ReceiptPrinter(QObject):
    sig_job_changed = Signal(object)
    """A print job changed state (queued, printing, done, failed); carries the job."""
    _sig_raw = Signal(object)
    """Job updates from the render and printer threads, before ordering."""

    def __init__(self, settings) -> None:  # printing.settings.PrinterSettings
        super().__init__()
        from counter_app import paths
        from printing.escpos_lib import preload, use_capabilities_cache

        use_capabilities_cache(paths.cache_dir() / "escpos")
        preload()  # see preload(): never first-imported on the render thread
        # Rendering (~20 ms of Pillow) runs here, in order, so copies never swap places.
        self._renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="receipt-render")
        self._latest: dict[str, tuple[int, int]] = {}
        self._sig_raw.connect(self._on_raw)
        self.queue = None
        self.configure(settings)

    def configure(self, settings) -> None:
        """Switch printers without restarting: jobs already queued finish on the old one."""
        from printing.jobs import PrintQueue
        from printing.transports import transport_from_settings

        old = self.queue
        self.settings = settings
        kind = KIND_NAMES.get(settings.kind, settings.kind)
        self.name = settings.name if kind in settings.name else f"{settings.name} ({kind})"
        self.transport = transport_from_settings(settings.transport_settings())
        self.queue = PrintQueue(self.transport, name=settings.role)
        self.queue.add_listener(self._sig_raw.emit)
        if old is not None:
            self._renderer.submit(old.close)

    def _on_raw(self, job) -> None:
        """Updates come from two threads ("queued" from the render thread, the rest from the
        printer's); a late "queued" must not overwrite "failed" on screen."""
        key = (job.attempts, _RANK.get(str(job.state), 0))
        if key < self._latest.get(job.id, (-1, -1)):
            return
        self._latest[job.id] = key
        if len(self._latest) > 500:
            self._latest.pop(next(iter(self._latest)))
        self.sig_job_changed.emit(job)

    def print_dossier(self, dossier: Dossier, office: Office | None, clerk_name: str) -> None:
        self.print_document(receipt_data(dossier, office, clerk_name), "receipt")

    def print_document(self, data: Any, kind: str) -> None:
        """Any printing.documents form (receipt, supplement, refusal, result_return, ticket)."""
        self._renderer.submit(self._render_and_submit, data, kind, self.queue, self.settings)

    def print_test_page(self) -> None:
        from printing.service import printer_test_job

        queue, settings = self.queue, self.settings
        self._renderer.submit(lambda: queue.submit(printer_test_job(settings)))

    def _render_and_submit(self, data: Any, kind: str, queue, settings) -> None:
        import importlib

        from printing.jobs import JobState, PrintJob
        from printing.service import print_document

        layout = getattr(importlib.import_module(f"printing.documents.{kind}"), f"{kind}_layout")
        try:
            print_document(data, layout, kind, queue, settings)
        except Exception as exc:
            log.exception("rendering %s failed", kind)
            message = getattr(exc, "message_vi", None) or \
                "Không tạo được bản in; đã ghi nhật ký cho quản trị viên."
            self.sig_job_changed.emit(PrintJob(
                kind=kind, title=getattr(data, "job_title", kind), data=b"",
                dossier_code=getattr(data, "dossier_code", None) or None,
                state=JobState.FAILED, reason_code="internal", message=message))

    def close(self) -> None:
        self._renderer.shutdown(wait=True)
        if self.queue is not None:
            self.queue.close()
