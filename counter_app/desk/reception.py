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
from typing import Protocol

from counter_app.client.models import Dossier, DossierDraft, Office
from counter_app.client.reception import ReceptionService
from counter_app.desk.printouts import receipt_data
from printing.documents.receipt import ReceiptData
from printing.jobs import PrintJob

RECEIPT = "receipt"


class Printer(Protocol):
    """counter_app.desk.printer.DeskPrinter, or anything that prints like it."""

    def print_document(self, data: ReceiptData, kind: str) -> Future[list[Future[PrintJob]]]:
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
    ApiError or OutboxError when nothing was recorded: then nothing is printed."""
    dossier = service.receive(draft, key)
    data = receipt_data(dossier, office, clerk_name)
    return Received(dossier, data, printer.print_document(data, RECEIPT))
