"""Kiosk, display, print log, printed pages, waiting times and every "today" use the office's
time zone (Asia/Ho_Chi_Minh), not the PC's: here the PC is set to Los Angeles and the
moment is 01:30 on Sunday 01/03/2026 at the office, still 10:30 on Saturday 28/02 there."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.clock import ManualClock

OFFICE_MOMENT = datetime(2026, 3, 1, 1, 30, tzinfo=OFFICE_TZ)
ADDRESS = "Số 1 Phố Huế, Hai Bà Trưng, Hà Nội"


@pytest.fixture
def office(clock, pc_in_los_angeles):
    clock.set(OFFICE_MOMENT)
    return clock


def test_kiosk_clock_shows_office_time(qtbot, office):
    from counter_app.desk.tickets import TicketPrinter
    from printing.transports import PreviewTransport
    from ui.kiosk.kiosk_issuer import KioskIssuer
    from ui.kiosk.kiosk_window import KioskWindow

    printer = TicketPrinter(transport=PreviewTransport())
    window = KioskWindow(KioskIssuer(printer), "1234")
    qtbot.addWidget(window)
    assert window.clock.text() == "01:30   01/03/2026"
    office.advance(minutes=1)
    window._on_tick()
    assert window.clock.text() == "01:31   01/03/2026"


def test_display_clock_and_date_show_office_time(qtbot, office):
    from ui.display.display_window import DisplayWindow

    window = DisplayWindow()
    qtbot.addWidget(window)
    assert window.clock.text() == "01:30:00"
    assert window.date.text() == "Chủ Nhật, 01/03/2026"


def test_kiosk_and_display_show_the_offices_date_from_the_clock_they_are_given(
        qtbot, pc_in_los_angeles):
    from counter_app.desk.tickets import TicketPrinter
    from printing.transports import PreviewTransport
    from ui.display.display_window import DisplayWindow
    from ui.kiosk.kiosk_issuer import KioskIssuer
    from ui.kiosk.kiosk_window import KioskWindow

    evening = ManualClock(datetime(2026, 3, 4, 18, 0, tzinfo=UTC))  # 04/03 on this PC and in UTC
    kiosk = KioskWindow(KioskIssuer(TicketPrinter(transport=PreviewTransport())), "1234",
                        clock=evening)
    qtbot.addWidget(kiosk)
    assert kiosk.clock.text() == "01:00   05/03/2026"
    display = DisplayWindow(clock=evening)
    qtbot.addWidget(display)
    assert (display.clock.text(), display.date.text()) == ("01:00:00", "Thứ Năm, 05/03/2026")


def test_print_log_shows_when_each_job_was_made_in_office_time(qtbot, office):
    from printing.documents.receipt import demo_receipt, receipt_layout
    from printing.service import build_job
    from printing.settings import PrinterSettings
    from ui.printers.print_jobs_dialog import PrintJobsDialog
    from ui.printers.receipt_printer import ReceiptPrinter

    printer = ReceiptPrinter(PrinterSettings())
    try:
        dialog = PrintJobsDialog(printer)
        qtbot.addWidget(dialog)
        job = build_job("receipt", "Giấy tiếp nhận", receipt_layout(demo_receipt()))
        assert job.created_at == OFFICE_MOMENT
        printer.queue.submit(job)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=15_000)
        assert dialog.table.item(0, 0).text() == "01:30:00"
    finally:
        printer.close()


def test_printer_test_page_is_stamped_with_office_time(office):
    from printing.service import printer_test_job
    from printing.settings import PrinterSettings
    from tests.printing.text_paper import printed_lines

    job = printer_test_job(PrinterSettings(name="Quầy 3", text_route="cp1258", paper_mm=58))
    _, lines = printed_lines(job.data)
    assert "01:30 - 01/03/2026" in lines, lines


def test_waiting_time_counts_from_the_ticket_in_office_time(office):
    from ui.counter.queue.queue_waiting_list import waited_text

    issued = datetime(2026, 2, 28, 18, 0, tzinfo=UTC)  # 01:00 at the office
    assert waited_text(issued) == "30:00"
    office.advance(hours=1, seconds=5)
    assert waited_text(issued) == "1:30:05"


def test_a_date_of_birth_of_office_today_is_not_in_the_future(qtbot, office):
    from ui.counter.reception.applicant_form import ApplicantForm

    form = ApplicantForm()
    qtbot.addWidget(form)
    form.set_text("date_of_birth", "01/03/2026")  # born tonight, after midnight office time
    form.read()
    assert form.errors["date_of_birth"].text() == ""
    form.set_text("date_of_birth", "02/03/2026")
    form.read()
    assert form.errors["date_of_birth"].text() == "Ngày sinh ở tương lai."


def test_a_card_issued_office_today_is_accepted(office):
    from counter_app.domain.cccd import CccdError, parse_cccd_qr

    office.set(datetime(2031, 3, 1, 1, 30, tzinfo=OFFICE_TZ))  # 28/02/2031 on the PC
    card = parse_cccd_qr(f"001090012345||Nguyễn Văn A|01011990|Nam|{ADDRESS}|01032031")
    assert card.issue_date == date(2031, 3, 1)
    with pytest.raises(CccdError, match="ở tương lai"):
        parse_cccd_qr(f"001090012345||Nguyễn Văn A|01011990|Nam|{ADDRESS}|02032031")


def test_dashboard_and_calendar_today_are_the_offices(qtbot, office, clocked_backend, tmp_path):
    from tests.ui.session import close_window, logged_in_context
    from ui.admin.calendar_dialog import DateList
    from ui.dashboard.dashboard_window import DashboardWindow

    backend = clocked_backend()
    ctx = logged_in_context(backend.base_url, "giamsat", tmp_path)
    # The window's own clock, handed in through the context: 18:00 UTC on 04/03 (still
    # 04/03 on this PC and in UTC) is already 01:00 on 05/03 at the office.
    ctx.clock = ManualClock(datetime(2026, 3, 4, 18, 0, tzinfo=UTC))
    window = DashboardWindow(ctx)
    try:
        assert window.range() == (date(2026, 3, 5), date(2026, 3, 5))
        qtbot.waitUntil(lambda: window.loads >= 1, timeout=15_000)
        assert window.subtitle.text().startswith("Số liệu hôm nay")
    finally:
        close_window(window)
    dates = DateList("Ngày nghỉ", "")
    qtbot.addWidget(dates)
    assert dates.picker.date().toPython() == date(2026, 3, 1)



def test_a_dossier_the_backend_dates_in_utc_is_shown_in_office_time(office):
    from counter_app.client.models import Dossier
    from ui.counter.returns.return_page import describe_dossier

    dossier = Dossier.from_json({
        "code": "HS-1", "tracking_url": "", "status": "received",
        "received_at": "2026-02-28T18:00:00+00:00",  # 01:00 on 01/03 at the office
        "due_at": "2026-03-05T18:00:00+00:00",
        "procedure": {"code": "P1", "name": "Thủ tục"},
        "applicant": {"full_name": "Nguyễn Văn A"},
    })
    text = describe_dossier(dossier)
    assert "Tiếp nhận: 01:00 01/03/2026" in text and "Hẹn trả: 01:00 06/03/2026" in text
    assert "28/02" not in text
