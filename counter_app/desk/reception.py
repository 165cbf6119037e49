"""Receive a dossier, then print its receipt: the counter's main use case, in one place.

The order is the guarantee: `ReceptionService.receive` returns only once the dossier is
on disk in the outbox or recorded by the backend, and only then is the receipt queued, so
a receipt on paper always has a recorded dossier behind it. A kill between the two leaves
a dossier without paper, which the ledger lists and "In lại biên nhận theo mã hồ sơ"
prints (reprint.py). The counter window runs this on the outbox's single worker
(ui.common.tasks.OUTBOX); the kill -9 tests (tests/crash) run this very function.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from counter_app.client.models import Dossier, DossierDraft, Office
from counter_app.client.reception import ReceptionService
from counter_app.desk.printouts import receipt_data
from printing.documents.receipt import ReceiptData
from printing.jobs import PrintJob

if TYPE_CHECKING:  # the printer's threads and python-escpos load after the login
    from counter_app.desk.printer import Prepared

RECEIPT = "receipt"


class Printer(Protocol):
    """counter_app.desk.printer.DeskPrinter, or anything that prints like it."""

    def print_document(self, data: ReceiptData, kind: str, prepared: Prepared | None = None
                       ) -> Future[list[Future[PrintJob]]]:
        ...

    def prepare(self, data: ReceiptData, kind: str) -> Prepared:
        ...


@dataclass(frozen=True)
class Received:
    dossier: Dossier
    receipt: ReceiptData
    """What was sent to the printer (its job_title names the printer's job)."""
    printed: Future[list[Future[PrintJob]]]
    """Queued (then one future per copy that ends when it printed or failed)."""


def receive_then_print(service: ReceptionService, printer: Printer, draft: DossierDraft,
                       key: str, office: Office | None, clerk_name: str) -> Received:
    """Blocks on the outbox and the backend (not on the printer). Raises the client's
    ApiError or OutboxError when nothing was recorded: then nothing is printed.

    While the backend records the dossier, the receipt of the dossier as this counter
    wrote it is rendered on the printer's render thread; it is queued only if the
    recorded dossier gives the very same receipt (it does unless the backend changed
    something), else the recorded one is rendered. Rendering is then off the clerk's wait
    for paper, and paper still never comes before the record."""
    early: list[Prepared] = []

    def render_early(local: Dossier) -> None:
        early.append(printer.prepare(receipt_data(local, office, clerk_name), RECEIPT))

    dossier = service.receive(draft, key, on_local=render_early)
    data = receipt_data(dossier, office, clerk_name)
    return Received(dossier, data,
                    printer.print_document(data, RECEIPT, early[0] if early else None))
