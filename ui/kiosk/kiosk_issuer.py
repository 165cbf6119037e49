"""Issue a ticket (kiosk or counter) from a window: the flow itself (issue, print, void
when the print fails) is counter_app/desk/tickets.py; this runs it off the UI thread,
retries unconfirmed voids on a timer and says the outcome as signals."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.client import errors
from counter_app.client.api import new_idempotency_key
from counter_app.client.models import Office
from counter_app.client.queue import PendingVoids, QueueApi
from counter_app.desk.tickets import IssueOutcome, TicketPrinter, issue_and_print, retry_voids
from ui.common.session_expiry import session_expiry
from ui.common.tasks import Task, logged

log = logging.getLogger(__name__)
VOID_RETRY_MS = 15_000
PRINT_FAILED_TEXT = (
    "Máy chưa in được phiếu của bạn nên số vừa lấy đã được hủy.\n"
    "Vui lòng liên hệ cán bộ tại quầy để được hỗ trợ lấy số."
)
OFFLINE_TEXT = "Chưa lấy được số do mất kết nối máy chủ.\nVui lòng thử lại sau ít phút hoặc liên hệ cán bộ tại quầy."


class KioskIssuer(QObject):
    sig_issued = Signal(object)
    """A ticket was issued and printed (Ticket)."""
    sig_failed = Signal(str)
    """No ticket was issued; a Vietnamese sentence saying what to do."""
    sig_print_failed = Signal(object, bool)
    """The ticket (Ticket) did not print and was voided (True) or waits to be voided."""

    def __init__(self, printer: TicketPrinter, pending: PendingVoids | None = None,
                 parent: QObject | None = None, *, source: str = "kiosk") -> None:
        super().__init__(parent)
        self.source = source
        self.printer = printer
        self.pending = pending or PendingVoids(None)
        self.queue_api: QueueApi | None = None
        self.office: Office | None = None
        self.busy = False
        self._retry = QTimer(self)
        self._retry.timeout.connect(self._on_retry_voids)
        self._retry.start(VOID_RETRY_MS)

    def set_backend(self, queue_api: QueueApi, office: Office | None) -> None:
        self.queue_api, self.office = queue_api, office
        self._on_retry_voids()

    def issue(self, service_code: str, priority: str | None) -> None:
        if self.busy or self.queue_api is None:
            return
        self.busy = True
        key = new_idempotency_key()
        qapi, printer, pending, office = self.queue_api, self.printer, self.pending, self.office
        source = self.source

        def work() -> IssueOutcome:
            return issue_and_print(qapi, printer, pending, service_code, priority, key, office,
                                   source)

        Task(self, work, self._on_outcome) \
            .failure(self._on_issue_failed, unauthorized=True).run()

    def _on_outcome(self, outcome: IssueOutcome) -> None:
        self.busy = False
        if outcome.printed:
            self.sig_issued.emit(outcome.ticket)
        else:
            self.sig_print_failed.emit(outcome.ticket, outcome.voided)

    def _on_issue_failed(self, exc: BaseException) -> None:
        self.busy = False
        if isinstance(exc, errors.Unauthorized):
            session_expiry().report()
            self.sig_failed.emit("Máy lấy số đang đăng nhập lại.\nVui lòng thử lại sau giây lát.")
        elif isinstance(exc, errors.Rejected):
            self.sig_failed.emit(exc.message)  # e.g. today's numbers for the service are used up
        elif isinstance(exc, errors.ApiError):
            self.sig_failed.emit(OFFLINE_TEXT)
        else:
            log.error("issuing a ticket failed", exc_info=exc)
            self.sig_failed.emit("Máy lấy số gặp lỗi.\nVui lòng liên hệ cán bộ tại quầy.")

    def _on_retry_voids(self) -> None:
        if self.queue_api is None or not self.pending.ids():
            return
        qapi, pending = self.queue_api, self.pending
        Task(self, lambda: retry_voids(qapi, pending), lambda _r: None) \
            .failure(logged("retrying voids failed")).run()

