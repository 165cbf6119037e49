"""One printer of the counter (receipts or queue tickets), without Qt: its settings, one
print queue, and documents rendered on one render thread, in order, so copies never swap
places. Printer I/O runs on the queue's own thread (printing.jobs); the caller's thread
only builds the document data. Windows listen through `add_listener` (ui/printers/
receipt_printer.py relays it as a Qt signal); the crash tests use this class as it is.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from counter_app import paths
from counter_app.domain.clock import office_now
from printing.escpos_lib import preload, use_capabilities_cache
from printing.jobs import JobState, PrintJob, PrintQueue
from printing.service import document_jobs, print_document, printer_test_job
from printing.settings import PrinterSettings
from printing.transports import Transport, transport_from_settings

log = logging.getLogger(__name__)
Listener = Callable[[PrintJob], None]
RENDER_FAILED = "Không tạo được bản in; đã ghi nhật ký cho quản trị viên."


@dataclass(frozen=True)
class Prepared:
    """A document rendered ahead for one printer's settings, not queued (prepare())."""

    data: Any
    kind: str
    settings: PrinterSettings
    jobs: Future[list[PrintJob]]


def _layout(kind: str) -> Callable[[Any], Any]:
    module = importlib.import_module(f"printing.documents.{kind}")
    return getattr(module, f"{kind}_layout")


class DeskPrinter:
    def __init__(self, settings: PrinterSettings, transport: Transport | None = None) -> None:
        use_capabilities_cache(paths.cache_dir() / "escpos")
        preload()  # see preload(): never first-imported on the render thread
        self._renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="receipt-render")
        self._listeners: list[Listener] = []
        self.queue: PrintQueue | None = None
        self.configure(settings, transport)

    def add_listener(self, listener: Listener) -> None:
        """Called from the render and printer threads with every job change."""
        self._listeners.append(listener)

    def configure(self, settings: PrinterSettings, transport: Transport | None = None) -> None:
        """Switch printers without restarting: jobs already queued finish on the old one."""
        old = self.queue
        self.settings = settings
        self.transport = transport or transport_from_settings(settings.transport_settings())
        self.queue = PrintQueue(self.transport, name=settings.role)
        self.queue.add_listener(self._notify)
        if old is not None:
            self._renderer.submit(old.close)

    def print_document(self, data: Any, kind: str, prepared: Prepared | None = None
                       ) -> Future[list[Future[PrintJob]]]:
        """Any printing.documents form (receipt, supplement, refusal, result_return,
        ticket): rendered on the render thread, then queued. The future ends once queued,
        with one future per printed copy (none when rendering failed).

        prepared: what prepare() rendered ahead; used when it is this very document for
        the printer as it is now, else the document is rendered again."""
        assert self.queue is not None
        if (prepared is not None and prepared.kind == kind and prepared.data == data
                and prepared.settings is self.settings):
            return self._renderer.submit(self._submit_prepared, prepared, self.queue)
        return self._renderer.submit(self._render_and_submit, data, kind, self.queue,
                                     self.settings)

    def prepare(self, data: Any, kind: str) -> Prepared:
        """Render a document now, on the render thread, and queue nothing: print_document
        (prepared=…) queues it later, or it is dropped. The receipt is rendered while the
        backend is still recording its dossier (counter_app/desk/reception.py)."""
        settings = self.settings
        return Prepared(data, kind, settings,
                        self._renderer.submit(self._render, data, kind, settings))

    def print_test_page(self) -> None:
        queue, settings = self.queue, self.settings
        assert queue is not None
        self._renderer.submit(lambda: queue.submit(printer_test_job(settings)))

    def close(self) -> None:
        self._renderer.shutdown(wait=True)
        if self.queue is not None:
            self.queue.close()

    def _notify(self, job: PrintJob) -> None:
        for listener in list(self._listeners):
            listener(job)

    def _render(self, data: Any, kind: str, settings: PrinterSettings) -> list[PrintJob]:
        return document_jobs(data, _layout(kind), kind, settings)

    def _submit_prepared(self, prepared: Prepared, queue: PrintQueue
                         ) -> list[Future[PrintJob]]:
        try:
            jobs = prepared.jobs.result()  # done: it ran earlier on this same thread
        except Exception:
            return self._render_and_submit(prepared.data, prepared.kind, queue,
                                           prepared.settings)
        # Rendered before the backend answered; queued (hence "created") only now.
        return [queue.submit(replace(job, created_at=office_now())) for job in jobs]

    def _render_and_submit(self, data: Any, kind: str, queue: PrintQueue,
                           settings: PrinterSettings) -> list[Future[PrintJob]]:
        layout = _layout(kind)
        try:
            return print_document(data, layout, kind, queue, settings)
        except Exception as exc:
            log.exception("rendering %s failed", kind)
            message = getattr(exc, "message_vi", None) or RENDER_FAILED
            self._notify(PrintJob(
                kind=kind, title=getattr(data, "job_title", kind), data=b"",
                dossier_code=getattr(data, "dossier_code", None) or None,
                state=JobState.FAILED, reason_code="internal", message=message))
            return []
