"""Follow the last document a page printed: its state and picture in a ReceiptPanel, and
"In lại" that retries a failed job (never printing it twice) or prints another copy."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from ui.counter.reception.receipt_panel import ReceiptPanel
from ui.printers.receipt_printer import ReceiptPrinter


class PrintTracker(QObject):
    def __init__(self, printer: ReceiptPrinter, panel: ReceiptPanel, parent: QObject) -> None:
        super().__init__(parent)
        self._printer = printer
        self._panel = panel
        self._last: tuple[Any, str, str] | None = None  # data, kind, what ("biên nhận")
        self._job_id: str | None = None
        # Jobs queued by a use case off the UI thread (counter_app/desk/reception.py) may
        # report before the page starts tracking them: the last few are kept to catch up.
        self._recent: dict[str, Any] = {}
        printer.sig_job_changed.connect(self._on_job)

    @property
    def printer(self) -> ReceiptPrinter:
        return self._printer

    @property
    def what(self) -> str:
        return self._last[2] if self._last else ""

    def print(self, data: Any, kind: str, what: str) -> None:
        self._last = (data, kind, what)
        self._job_id = None
        self._panel.show_print_state(f"Đang in {what}…", "queued")
        self._printer.print_document(data, kind)

    def track(self, data: Any, kind: str, what: str) -> None:
        """Follow a document already sent to the printer by someone else."""
        self._last = (data, kind, what)
        self._job_id = None
        self._panel.show_print_state(f"Đang in {what}…", "queued")
        for title, job in list(self._recent.items()):
            if data.job_title in title:
                self._show(job)

    def reprint(self) -> None:
        if self._last is None:
            return
        queue = self._printer.queue
        failed = self._job_id and queue is not None and queue.retry(self._job_id)
        if not failed:
            self.print(*self._last)

    def forget(self) -> None:
        self._last = None
        self._job_id = None

    def _on_job(self, job) -> None:
        self._recent[job.title] = job
        if len(self._recent) > 20:
            self._recent.pop(next(iter(self._recent)))
        if self._last is None or self._last[0].job_title not in job.title:
            return
        self._show(job)

    def _show(self, job) -> None:
        assert self._last is not None
        what = self._last[2]
        self._job_id = job.id
        if job.state == "done":
            self._panel.show_print_state(f"Đã in {what} ({self._printer.name}).", "done")
            if job.image is not None:
                self._panel.show_picture(job.image)
        elif job.state == "failed":
            self._panel.show_print_state(f"In lỗi: {job.message} Bấm In lại.", "failed")
        else:
            self._panel.show_print_state(f"Đang in {what}…", job.state)
