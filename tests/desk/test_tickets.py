"""Issue, print, void (counter_app.desk.tickets) against the real backend on loopback: a
printed ticket's exact bytes reach the printer; a failed print voids the number."""

from __future__ import annotations

from counter_app.client.api import ApiClient, new_idempotency_key
from counter_app.client.queue import PendingVoids, QueueApi
from counter_app.desk.tickets import TicketPrinter, issue_and_print, ticket_data, void_now
from printing.errors import PrinterError
from printing.settings import PrinterSettings
from printing.transports import FileTransport


class OfflinePrinter:
    def send(self, data: bytes) -> None:
        raise PrinterError("offline", "Máy in mất kết nối.")

    def close(self) -> None:
        pass


def _signed_in(live, user: str) -> ApiClient:
    api = ApiClient(live.base_url)
    api.login(user, user)
    return api


def _waiting_ids(live) -> set[int]:
    api = _signed_in(live, "canbo1")
    try:
        return {t.id for t in QueueApi(api).waiting()}
    finally:
        api.close()


def test_a_printed_ticket_reaches_the_printer_byte_for_byte(live, tmp_path):
    from printing.documents.ticket import KIND, ticket_layout
    from printing.service import job_for

    paper = tmp_path / "ticket.bin"
    settings = PrinterSettings(role="ticket", kind="file", path=str(paper))
    printer = TicketPrinter(settings, transport=FileTransport(paper))
    api = _signed_in(live, "kiosk1")
    pending = PendingVoids(tmp_path / "voids.json")
    try:
        out = issue_and_print(QueueApi(api), printer, pending, "HT", None,
                              new_idempotency_key(), None, "kiosk")
    finally:
        printer.close()
        api.close()
    assert out.printed and not out.voided and out.ticket is not None
    data = ticket_data(out.ticket, None)
    assert paper.read_bytes() == job_for(settings, KIND, data.job_title, ticket_layout(data)).data
    assert out.ticket.id in _waiting_ids(live)


def test_a_failed_print_voids_the_ticket(live, tmp_path):
    printer = TicketPrinter(transport=OfflinePrinter())
    api = _signed_in(live, "kiosk1")
    pending = PendingVoids(tmp_path / "voids.json")
    try:
        out = issue_and_print(QueueApi(api), printer, pending, "HT", None,
                              new_idempotency_key(), None, "kiosk")
    finally:
        printer.close()
        api.close()
    assert out.ticket is not None and not out.printed and out.voided
    assert out.ticket.id not in _waiting_ids(live)
    assert pending.ids() == []


def test_a_void_that_cannot_reach_the_backend_is_kept_and_retried(live, tmp_path):
    kiosk_api = _signed_in(live, "kiosk1")
    ticket = QueueApi(kiosk_api).issue("HT", None, new_idempotency_key())
    pending = PendingVoids(tmp_path / "voids.json")
    down = ApiClient("http://127.0.0.1:9", timeout=0.5, connect_timeout=0.5)
    down.token = kiosk_api.token
    assert not void_now(QueueApi(down), pending, ticket.id)
    assert PendingVoids(tmp_path / "voids.json").ids() == [ticket.id]  # survives a restart
    assert void_now(QueueApi(kiosk_api), pending, ticket.id)
    assert pending.ids() == []
    kiosk_api.close()
    down.close()
