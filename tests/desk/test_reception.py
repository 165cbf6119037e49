"""The counter's main use case without a window: receive, then print, against the real
backend on loopback, with the exact bytes a file printer gets. The counter window and
the kill -9 tests (tests/crash) run this very function."""

from __future__ import annotations

import re

import pytest

from counter_app.client import errors
from counter_app.client.api import new_idempotency_key
from counter_app.desk.printer import DeskPrinter
from counter_app.desk.reception import receive_then_print
from counter_app.desk.reprint import find_dossier, reprint_receipt
from printing.settings import PrinterSettings
from printing.transports import FileTransport
from tests.client.live import dossiers_named, draft, named, service

pytestmark = pytest.mark.e2e
CODE = re.compile(rb"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}")


@pytest.fixture
def paper(tmp_path):
    """A text-route printer writing to a file: the dossier code is readable in its bytes."""
    path = tmp_path / "printer.bin"
    printer = DeskPrinter(PrinterSettings(kind="file", path=str(path), text_route="tcvn3",
                                          status_check=False), FileTransport(str(path)))
    yield printer, path
    printer.close()


def printed_codes(path) -> list[str]:
    return [m.decode() for m in CODE.findall(path.read_bytes())] if path.exists() else []


def wait_printed(received) -> list[str]:
    return [str(copy.result(30).state) for copy in received.printed.result(30)]


def test_a_received_dossier_is_recorded_then_its_receipt_printed(live, matched_card, tmp_path,
                                                                  paper):
    printer, path = paper
    svc = service(live, tmp_path / "pc")
    svc.maintain()
    name = "Đỗ Thị Bàn Làm Việc"
    received = receive_then_print(svc, printer, named(draft(matched_card), name),
                                  new_idempotency_key(), None, "Cán bộ thử")
    assert wait_printed(received) == ["done"]
    assert printed_codes(path) == [received.dossier.code]
    assert received.receipt.dossier_code == received.dossier.code
    assert dossiers_named(live, name) == [received.dossier.code]  # on the backend, once


def test_a_refused_dossier_prints_nothing(live, matched_card, tmp_path, paper):
    printer, path = paper
    svc = service(live, tmp_path / "pc")
    svc.maintain()
    bad = draft(matched_card, result_delivery="post")  # by post without an address: 422
    with pytest.raises(errors.Rejected):
        receive_then_print(svc, printer, bad, new_idempotency_key(), None, "Cán bộ thử")
    printer.close()  # everything queued has gone to the file
    assert printed_codes(path) == []


def test_offline_the_receipt_prints_with_its_final_code_and_reprints_from_the_outbox(
        live, matched_card, tmp_path, paper):
    printer, path = paper
    svc = service(live, tmp_path / "pc")
    svc.maintain()
    live.stop()
    try:
        d = named(draft(matched_card, outcome="unavailable"), "Lý Văn Mất Mạng")
        received = receive_then_print(svc, printer, d, new_idempotency_key(), None, "Cán bộ")
        assert received.dossier.waiting
        assert wait_printed(received) == ["done"]
        # The paper jammed: the clerk prints it again by its code, found in the outbox.
        again = find_dossier(svc, svc.api, received.dossier.code)
        assert again.code == received.dossier.code
        reprint_receipt(printer, again, None, "Cán bộ").result(30)
    finally:
        live.start()
    printer.close()
    assert printed_codes(path) == [received.dossier.code] * 2
    svc.maintain()
    assert svc.counts().pending == 0  # it reached the backend once the backend was back
    assert find_dossier(None, svc.api, received.dossier.code).code == received.dossier.code


def test_the_receipt_rendered_while_recording_is_the_one_printed(live, matched_card, tmp_path,
                                                                 paper):
    printer, path = paper
    svc = service(live, tmp_path / "pc")
    svc.maintain()
    ahead = []
    prepare = printer.prepare

    def spy(data, kind):
        ahead.append(prepare(data, kind))
        return ahead[-1]

    printer.prepare = spy
    received = receive_then_print(svc, printer, named(draft(matched_card), "Hồ Thị Kịp Thời"),
                                  new_idempotency_key(), None, "Cán bộ thử")
    assert wait_printed(received) == ["done"]
    [early] = ahead
    # The backend recorded what this counter wrote: the receipt needed no second rendering.
    assert early.data == received.receipt
    assert [j.id for j in printer.queue.jobs()] == [j.id for j in early.jobs.result()]
    assert printed_codes(path) == [received.dossier.code]
