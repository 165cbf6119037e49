"""Queue tickets on paper, for the kiosk and for a clerk registering someone directly:
issue, print, and void the ticket when the print fails, so there is never a ghost ticket.

No Qt here: `issue_and_print` blocks on the backend and the printer, so a window runs it on
a pool thread (ui.common.tasks) and learns the outcome in one place. The idempotency key is
made before the first try, so the retries after a timeout return the same ticket instead
of a second one. A void the backend did not confirm stays in a retry list (a file, so a
restart keeps it) and is retried until done.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from counter_app.client import errors
from counter_app.client.models import Office
from counter_app.client.queue import PendingVoids, QueueApi, Ticket
from printing.documents.ticket import TicketData
from printing.jobs import PrintJob, PrintQueue
from printing.settings import PrinterSettings
from printing.transports import Transport

log = logging.getLogger(__name__)
PRINT_TIMEOUT = 30.0
ISSUE_TRIES = 3


@dataclass(frozen=True)
class IssueOutcome:
    ticket: Ticket | None
    printed: bool
    voided: bool = False


def ticket_data(ticket: Ticket, office: Office | None) -> TicketData:
    label = f"ƯU TIÊN - {ticket.priority_label}" if ticket.priority else None
    return TicketData(
        office_name=(office.name if office else "").upper(),
        office_hotline=office.hotline if office else "",
        number=ticket.number,
        service_name=ticket.service_name or ticket.service_code,
        issued_at=ticket.issued_at,
        waiting_ahead=max(0, ticket.waiting_ahead),
        priority_label=label,
    )


class TicketPrinter:
    """One print queue for tickets.

    `settings`: a printing.settings.PrinterSettings (None = on-screen preview printer);
    `transport` replaces the one the settings describe (tests); `queue` prints through an
    existing PrintQueue, such as the counter's receipt printer.
    """

    def __init__(self, settings: PrinterSettings | None = None, *,
                 transport: Transport | None = None, queue: PrintQueue | None = None) -> None:
        from counter_app import paths
        from printing.escpos_lib import preload, use_capabilities_cache
        from printing.transports import transport_from_settings

        use_capabilities_cache(paths.cache_dir() / "escpos")
        preload()  # on the UI thread: a first import on a worker crashed (escpos_lib.preload)
        self.settings = settings or PrinterSettings(role="ticket")
        self._owns_queue = queue is None
        if queue is None:
            transport = transport or transport_from_settings(self.settings.transport_settings())
            queue = PrintQueue(transport, name="ticket")
        self.transport = transport
        self.queue = queue

    def print_ticket(self, ticket: Ticket, office: Office | None,
                     timeout: float = PRINT_TIMEOUT) -> PrintJob:
        """Render, queue and wait: the final PrintJob (state DONE, FAILED or VOIDED)."""
        from dataclasses import replace

        from printing.documents.ticket import KIND, ticket_layout
        from printing.jobs import JobState
        from printing.service import job_for

        data = ticket_data(ticket, office)
        job = job_for(self.settings, KIND, data.job_title, ticket_layout(data))
        future = self.queue.submit(job)
        try:
            return future.result(timeout)
        except FutureTimeout:
            # A printer hung mid-job: stop it printing later a ticket we are about to void.
            self.queue.void(job.id)
            log.warning("ticket %s: printer did not answer in %.0fs", ticket.number, timeout)
            return replace(job, state=JobState.FAILED, reason_code="timeout",
                           message="Máy in không phản hồi.")

    def close(self) -> None:
        if self._owns_queue:
            self.queue.close(wait=False)


def issue_and_print(qapi: QueueApi, printer: TicketPrinter, pending: PendingVoids,
                    service_code: str, priority: str | None, key: str, office: Office | None,
                    source: str = "kiosk") -> IssueOutcome:
    """Issue (retrying timeouts with the same key), print, and void what did not print.
    Raises the client's ApiError when no ticket could be issued at all."""
    ticket = issue_with_retries(qapi, service_code, priority, key, source)
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
    return IssueOutcome(ticket, False, void_now(qapi, pending, ticket.id))


def issue_with_retries(qapi: QueueApi, service_code: str, priority: str | None,
                       key: str, source: str) -> Ticket:
    for attempt in range(ISSUE_TRIES):
        try:
            return qapi.issue(service_code, priority, key, source=source)
        except (errors.Timeout, errors.Unreachable):
            if attempt == ISSUE_TRIES - 1:
                raise
            time.sleep(0.5 * (attempt + 1))
    raise AssertionError("unreachable")


def void_now(qapi: QueueApi, pending: PendingVoids, ticket_id: int) -> bool:
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


def retry_voids(qapi: QueueApi, pending: PendingVoids) -> list[bool]:
    return [void_now(qapi, pending, i) for i in pending.ids()]
