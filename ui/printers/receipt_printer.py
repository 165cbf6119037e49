"""A printer as the UI sees it (one per role: receipts, queue tickets): the desk's printer
(counter_app/desk/printer.py) with its job changes relayed as a Qt signal."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

KIND_NAMES = {"preview": "xem trước", "file": "tệp", "network": "mạng", "usb": "USB",
              "serial": "cổng COM", "cups": "CUPS", "win32": "Windows"}


_RANK = {"queued": 0, "printing": 1, "done": 2, "failed": 2, "voided": 2}


class ReceiptPrinter(QObject):
    """counter_app.desk.printer.DeskPrinter for windows: its job changes as a Qt signal,
    in order (a late "queued" never overwrites "failed" on screen)."""

    sig_job_changed = Signal(object)
    """A print job changed state (queued, printing, done, failed); carries the job."""
    _sig_raw = Signal(object)
    """Job updates from the render and printer threads, before ordering."""

    def __init__(self, settings) -> None:  # printing.settings.PrinterSettings
        super().__init__()
        from counter_app.desk.printer import DeskPrinter  # printing loads after the login

        self._latest: dict[str, tuple[int, int]] = {}
        self._sig_raw.connect(self._on_raw)
        self.desk = DeskPrinter(settings)
        self.desk.add_listener(self._sig_raw.emit)
        self._named(settings)

    @property
    def queue(self):
        return self.desk.queue

    @property
    def settings(self):
        return self.desk.settings

    @property
    def transport(self):
        return self.desk.transport

    def configure(self, settings, transport=None) -> None:
        """Switch printers without restarting: jobs already queued finish on the old one.
        transport: instead of the one the settings describe (tests)."""
        self.desk.configure(settings, transport)
        self._named(settings)

    def _named(self, settings) -> None:
        kind = KIND_NAMES.get(settings.kind, settings.kind)
        self.name = settings.name if kind in settings.name else f"{settings.name} ({kind})"

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

    def print_document(self, data: Any, kind: str) -> None:
        """Any printing.documents form (receipt, supplement, refusal, result_return, ticket)."""
        self.desk.print_document(data, kind)

    def print_test_page(self) -> None:
        self.desk.print_test_page()

    def close(self) -> None:
        self.desk.close()
