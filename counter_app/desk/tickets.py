"""Queue tickets on paper, for the kiosk and for a clerk registering someone directly.

No Qt here: `print_ticket` blocks until the printer is done (or failed), so it runs on a
pool thread (ui.common.tasks) and the caller learns the outcome in one place.
"""

from __future__ import annotations

import logging
from concurrent.futures import TimeoutError as FutureTimeout

from counter_app.client.models import Office
from counter_app.client.queue import Ticket

log = logging.getLogger(__name__)
PRINT_TIMEOUT = 30.0


def ticket_data(ticket: Ticket, office: Office | None):
    from printing.documents.ticket import TicketData

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

    def __init__(self, settings=None, *, transport=None, queue=None) -> None:
        from counter_app import paths
        from printing.escpos_lib import preload, use_capabilities_cache
        from printing.jobs import PrintQueue
        from printing.settings import PrinterSettings
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
                     timeout: float = PRINT_TIMEOUT):
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
