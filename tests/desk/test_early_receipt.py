"""The receipt rendered while the backend records the dossier (counter_app/desk/
reception.py): queued only once the dossier is recorded, and only if it is the recorded
dossier's receipt; otherwise the recorded one is rendered and printed."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from counter_app.client import errors
from counter_app.client.models import DocumentLine, Dossier, Procedure
from counter_app.desk.printer import DeskPrinter
from counter_app.desk.printouts import receipt_data
from counter_app.desk.reception import receive_then_print
from counter_app.domain.calendar import OFFICE_TZ
from printing.documents.receipt import receipt_layout
from printing.jobs import JobState
from printing.render_raster import render_raster
from printing.settings import PrinterSettings
from printing.transports import PreviewTransport

AT = datetime(2026, 11, 24, 9, 5, tzinfo=OFFICE_TZ)
LOCAL = Dossier(
    code="H01.22-261124-0007", tracking_url="https://dichvucong.example.vn/t/abc",
    status="received", received_at=AT, due_at=AT + timedelta(days=3),
    procedure=Procedure("1.001193", "Đăng ký khai sinh", "Hộ tịch", 3, "working_days", 0, ()),
    applicant={"full_name": "Nguyễn Thị Sớm", "address": "Số 1 phố Kim Mã",
               "id_number": "001190012345"},
    documents=(DocumentLine("Tờ khai đăng ký khai sinh", 1, 0),), sets=1,
    result_delivery="counter", fee=0, received_by="Cán bộ", identity_outcome="matched",
    ledger_no=7, offline=True, waiting=True)
DRAFT = object()  # what the clerk typed: only the backend below would read it


class Backend:
    """receive() as ReceptionService does it: the local dossier first, then the answer."""

    def __init__(self, answer: Dossier | Exception) -> None:
        self.answer = answer
        self.offered: list[Dossier] = []

    def receive(self, draft, key, on_local=None):
        if on_local is not None:
            self.offered.append(LOCAL)
            on_local(LOCAL)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


class Spy(DeskPrinter):
    def __init__(self, settings: PrinterSettings) -> None:
        self.preview = PreviewTransport()
        super().__init__(settings, self.preview)
        self.prepared = []

    def prepare(self, data, kind):
        got = super().prepare(data, kind)
        self.prepared.append(got)
        return got


@pytest.fixture
def printer():
    p = Spy(PrinterSettings())
    yield p
    p.close()


def _printed(received):
    return [copy.result(30) for copy in received.printed.result(30)]


def test_the_recorded_dossier_prints_the_receipt_rendered_while_it_was_recorded(printer):
    backend = Backend(replace(LOCAL, waiting=False, offline=True))
    received = receive_then_print(backend, printer, DRAFT, "k1", None, "Cán bộ")
    [job] = _printed(received)
    [early] = printer.prepared
    assert job.state == JobState.DONE
    assert job.id == early.jobs.result()[0].id  # the very job rendered ahead
    assert printer.preview.pages[-1].data == early.jobs.result()[0].data


def test_a_dossier_the_backend_changed_is_printed_as_recorded(printer):
    answer = replace(LOCAL, waiting=False, due_at=LOCAL.due_at + timedelta(days=1))
    received = receive_then_print(Backend(answer), printer, DRAFT, "k2", None, "Cán bộ")
    [job] = _printed(received)
    [early] = printer.prepared
    assert job.id not in {j.id for j in early.jobs.result()}
    assert received.receipt.due_at == answer.due_at
    expected = render_raster(receipt_layout(receipt_data(answer, None, "Cán bộ")), 576)
    assert printer.preview.last_image.tobytes() == expected.tobytes()


def test_nothing_is_printed_when_the_dossier_is_not_recorded(printer):
    backend = Backend(errors.Rejected("Thiếu giấy tờ"))
    with pytest.raises(errors.Rejected):
        receive_then_print(backend, printer, DRAFT, "k3", None, "Cán bộ")
    assert backend.offered and printer.prepared  # it was rendered ahead…
    printer.close()
    assert printer.queue.jobs() == [] and printer.preview.pages == []  # …and never queued


def test_a_printer_changed_meanwhile_gets_its_own_rendering(printer):
    early = printer.prepare(receipt_data(LOCAL, None, "Cán bộ"), "receipt")
    printer.configure(PrinterSettings(paper_mm=58), printer.preview)
    [copy] = printer.print_document(early.data, "receipt", early).result(30)
    assert copy.result(30).image.width == 384  # rendered again for 58 mm paper
    assert early.jobs.result()[0].image.width == 576


def test_a_rendering_that_failed_ahead_fails_as_a_print_job(printer):
    failed = []
    printer.add_listener(lambda job: job.state == JobState.FAILED and failed.append(job))
    broken = object()  # no layout can draw it
    early = printer.prepare(broken, "receipt")
    assert printer.print_document(broken, "receipt", early).result(30) == []
    assert [job.reason_code for job in failed] == ["internal"]
