"""Print a receipt again by its dossier code (Máy in → In lại biên nhận theo mã hồ sơ…).

For a receipt whose paper never came out: the printer jammed, or the counter was closed or
killed after the dossier was saved but before printing ended (reception.py). The dossier
is found in this PC's outbox while it waits to be sent, otherwise on the backend; its
receipt prints again exactly as first issued (same code, times and QR).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future

from counter_app.client.api import ApiClient
from counter_app.client.dossier_files import StoredFile
from counter_app.client.dossiers import DossierApi
from counter_app.client.models import Dossier, Office
from counter_app.client.reception import ReceptionService
from counter_app.desk.printouts import receipt_data
from counter_app.desk.reception import Printer
from printing.jobs import PrintJob


def normalized_code(typed: str) -> str:
    return typed.strip().upper()  # codes are upper case; clerks type them as they come


def find_dossier(reception: ReceptionService | None, api: ApiClient, code: str) -> Dossier:
    """Blocks (outbox, backend). The waiting copy first: the backend does not have it yet.
    Raises the client's NotFound when neither has it."""
    if reception is not None:
        for item in reception.waiting():
            if item.code == code:
                found = reception.waiting_dossier(item.seq)
                if found is not None:
                    return found
    return DossierApi(api).by_code(code)


def reprint_receipt(printer: Printer, dossier: Dossier, office: Office | None,
                    clerk_name: str, files: Sequence[StoredFile] = ()
                    ) -> Future[list[Future[PrintJob]]]:
    """Form 01 again; with `files`, it lists the components digitised since (a worker
    thread: the caller fetched them from the backend)."""
    return printer.print_document(receipt_data(dossier, office, clerk_name, files),
                                  "receipt")
