"""Issue a ticket (kiosk or counter), print it, and void it when the print fails: never a ghost ticket.

The idempotency key is made before the first try, so the automatic retries after a
timeout return the same ticket instead of a second one. A void the backend did not
confirm stays in a retry list (a file, so a restart keeps it) and is retried until done.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.client import errors
from counter_app.client.api import new_idempotency_key
from counter_app.client.models import Office
from counter_app.client.queue import PendingVoids, QueueApi, Ticket
from ui.common.session_expiry import session_expiry
from ui.common.tasks import Task, logged
from ui.printers.ticket_printing import TicketPrinter

log = logging.getLogger(__name__)
ISSUE_TRIES = 3
VOID_RETRY_MS = 15_000
PRINT_FAILED_TEXT = (
    "Máy chưa in được phiếu của bạn nên số vừa lấy đã được hủy.\n"
    "Vui lòng liên hệ cán bộ tại quầy để được hỗ trợ lấy số."
)
OFFLINE_TEXT = "Chưa lấy được số do mất kết nối máy chủ.\nVui lòng thử lại sau ít phút hoặc liên hệ cán bộ tại quầy."


@dataclass(frozen=True)
class IssueOutcome:
    ticket: Ticket | None
    printed: bool
    voided: bool = False


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
            ticket = _issue_with_retries(qapi, service_code, priority, key, source)
            try:
                job = printer.print_ticket(ticket, office)
                ok = job.state == "done"
                if not ok:
                    log.warning("ticket %s not printed: %s", ticket.number, job.reason_code)
            except Exception:
                log.exception("rendering ticket %s failed", ticket.number)
                ok = False
            if ok:
                return IssueOutcome(ticket, True)
            return IssueOutcome(ticket, False, _void_now(qapi, pending, ticket.id))

        Task(self, work, self._on_outcome).failure(self._on_issue_failed, unauthorized=True).run()

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
        Task(self, lambda: [_void_now(qapi, pending, i) for i in pending.ids()],
             lambda _r: None).failure(logged("retrying voids failed")).run()


def _issue_with_retries(qapi: QueueApi, service_code: str, priority: str | None,
                        key: str, source: str) -> Ticket:
    for attempt in range(ISSUE_TRIES):
        try:
            return qapi.issue(service_code, priority, key, source=source)
        except (errors.Timeout, errors.Unreachable):
            if attempt == ISSUE_TRIES - 1:
                raise
            time.sleep(0.5 * (attempt + 1))
    raise AssertionError("unreachable")


def _void_now(qapi: QueueApi, pending: PendingVoids, ticket_id: int) -> bool:
    """True once the backend confirmed; otherwise the ticket waits in the retry list."""
    try:
        qapi.void(ticket_id, "print_failed")
    except (errors.Conflict, errors.NotFound) as exc:
        # Already cancelled or gone: nothing left in the queue to call.
        log.info("void of ticket %s not needed: %s", ticket_id, exc)
    except errors.ApiError as exc:
        log.warning("void of ticket %s failed, will retry: %s", ticket_id, exc)
        pending.add(ticket_id)
        return False
    pending.remove(ticket_id)
    log.info("ticket %s voided after a failed print", ticket_id)
    return True
