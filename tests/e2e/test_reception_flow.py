"""A clerk receives an applicant end to end: scan, verify, save, printed QR receipt."""

from __future__ import annotations

import re

import httpx
import pytest
import zxingcpp
from PySide6.QtCore import Qt

from tests.printing.escpos_decode import decode
from tests.ui.keyboard import scan as scan_keys

pytestmark = pytest.mark.e2e


def scan(qtbot, window, payload: str) -> None:
    scan_keys(window, payload)


def ready_to_save(qtbot, counter, payload: str, procedure: int = 1):
    """Scan a card, wait for the backend's answer, pick a procedure, tick every document."""
    page = counter.window.reception
    with qtbot.waitSignal(page.sig_verified, timeout=10_000):
        scan(qtbot, counter.window, payload)
    page.procedures.combo.setCurrentIndex(procedure)
    page.procedures.check_all()
    return page


def save(qtbot, page):
    with qtbot.waitSignal(page.sig_saved, timeout=10_000) as saved:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    return saved.args[0]


def test_scan_verify_save_print_receipt_with_tracking_qr(qtbot, counter, demo_cards):
    window = counter.window
    page = window.reception
    phone = page.form.inputs["phone"]
    phone.setFocus()
    qtbot.waitUntil(phone.hasFocus, timeout=15_000)

    with qtbot.waitSignal(page.sig_verified, timeout=10_000) as verified:
        scan(qtbot, window, demo_cards["matched"].payload)
    assert verified.args[0].outcome == "matched"
    assert phone.text() == ""  # the scanner's keystrokes were taken back out of the field
    assert page.form.text("id_number") == demo_cards["matched"].payload.split("|")[0]
    assert "Đã xác thực" in page.badge.label.text()

    assert not page.save_button.isEnabled()  # no procedure yet
    page.procedures.combo.setCurrentIndex(1)
    assert not page.save_button.isEnabled()  # required documents not ticked
    assert "thiếu giấy tờ" in page.save_hint.text()
    page.procedures.check_all()
    assert page.save_button.isEnabled()

    receipts = counter.receipts
    with qtbot.waitSignal(page.sig_saved, timeout=10_000) as saved:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    dossier = saved.args[0]
    # The appointment the clerk saw live is the one the backend recorded: same calendar.
    from counter_app.domain.calendar import WorkingCalendar

    assert page.procedures.procedure.due_at(WorkingCalendar(), dossier.received_at) == dossier.due_at
    assert "Hẹn trả kết quả nếu tiếp nhận bây giờ" in page.procedures.appointment.text()
    assert re.fullmatch(r"[0-9A-Z.]+-\d{6}-\d{4}", dossier.code)
    assert page.receipt.code.text() == dossier.code

    qtbot.waitUntil(lambda: "Đã in" in page.receipt.print_state.text(), timeout=10_000)
    printed = receipts.transport.jobs[-1]
    picture = decode(printed).image()
    assert picture.width == 576
    found = zxingcpp.read_barcodes(picture.convert("L"))
    assert [r.text for r in found] == [dossier.tracking_url]
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/t/[A-Za-z0-9_-]{22,}", dossier.tracking_url)
    assert dossier.applicant["id_number"] not in dossier.tracking_url
    assert page.receipt.preview.pixmap() is not None and not page.receipt.preview.pixmap().isNull()

    page_html = httpx.get(dossier.tracking_url, timeout=5).text
    assert dossier.code in page_html
    assert dossier.applicant["full_name"] not in page_html  # only the masked name


def test_mismatched_and_unknown_cards_are_reported(qtbot, counter, demo_cards):
    page = counter.window.reception
    with qtbot.waitSignal(page.sig_verified, timeout=10_000) as verified:
        scan(qtbot, counter.window, demo_cards["mismatched"].payload)
    assert verified.args[0].outcome == "mismatched"
    assert "full_name" in verified.args[0].mismatched_fields
    assert "họ tên" in page.badge.label.text()
    assert page.form.inputs["full_name"].property("mismatch") is True

    with qtbot.waitSignal(page.sig_verified, timeout=10_000) as verified:
        scan(qtbot, counter.window, demo_cards["not_found"].payload)
    assert verified.args[0].outcome == "not_found"
    assert "Không tìm thấy" in page.badge.label.text()


def test_broken_payload_is_rejected_locally_with_a_vietnamese_reason(qtbot, counter):
    page = counter.window.reception
    with qtbot.assertNotEmitted(page.sig_verified, wait=300):
        scan(qtbot, counter.window, "001090012345||Nguyễn Văn A|31021990|Nam|Hà Nội|15042021")
    assert "Mã QR không hợp lệ" in page.badge.label.text()
    assert "31/02/1990" in page.badge.label.text() or "Ngày sinh" in page.badge.label.text()


def test_manual_entry_errors_show_next_to_the_field(qtbot, counter):
    page = counter.window.reception
    page.form.set_text("id_number", "0010900123")
    page.form.set_text("full_name", "Trần Thị Bích")
    page.form.set_text("date_of_birth", "01/01/1990")
    page.form.set_text("sex", "Nữ")
    page.form.set_text("address", "Hà Nội")
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    error = page.form.errors["id_number"]
    assert error.isVisibleTo(page) and "12 chữ số" in error.text()
    assert page.form.inputs["id_number"].property("invalid") is True


def test_lost_answer_prints_the_receipt_and_the_replay_creates_one_dossier(
        qtbot, counter, demo_cards):
    """The backend created the dossier but its answer was lost (a timeout): the receipt
    prints at once from the outbox row, and the replay (same key, same bytes) gets the
    same dossier back: one dossier, the printed code (client/reception.py)."""
    page = ready_to_save(qtbot, counter, demo_cards["matched"].payload, procedure=2)
    service = counter.window.ctx.reception
    qtbot.waitUntil(lambda: service.keeper.book.free_count(
        "canbo1", service.clock.now().date()) >= 5, timeout=10_000)  # leased while online
    api = counter.api
    real_request = api.request
    sent = []

    def lose_first_answer(method, path, **kw):
        answer = real_request(method, path, **kw)
        if method == "POST" and path == "/dossiers":
            sent.append((kw["headers"]["Idempotency-Key"], kw["content"]))
            if len(sent) == 1:  # the server created it, but the answer never reached us
                from counter_app.client.errors import Timeout

                raise Timeout("Máy chủ không trả lời kịp.")
        return answer

    api.request = lose_first_answer
    try:
        printed = save(qtbot, page)
        assert printed.waiting  # printed from the outbox row, final code on it
        qtbot.waitUntil(lambda: "Đã in" in page.receipt.print_state.text(), timeout=10_000)
        assert "NGOẠI TUYẾN" in page.save_hint.text()
        # The replay: this call or the window's own pass (whichever runs first) sends it.
        qtbot.waitUntil(lambda: service.sync() is not None and
                        service.counts().pending == 0, timeout=10_000)
    finally:
        api.request = real_request
    assert len(sent) == 2 and sent[0] == sent[1]  # one key, byte-identical body
    stored = api.get_dossier(printed.code)
    assert stored.tracking_url == printed.tracking_url
    ledger = api.ledger(printed.received_at.date(), "csv").decode("utf-8-sig")
    assert ledger.count(printed.code) == 1


def test_revoked_session_sends_the_clerk_back_to_login(qtbot, counter, backend, demo_cards):
    token = counter.api.token
    revoked = httpx.post(backend.base_url + "/api/v1/auth/logout",
                         headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert revoked.status_code == 204
    scan(qtbot, counter.window, demo_cards["matched"].payload)
    qtbot.waitUntil(lambda: counter.window is None and counter.login.isVisible(), timeout=10_000)
    assert counter.login.password.text() == ""


def test_procedure_search_without_accents_picks_the_procedure(qtbot, counter):
    panel = counter.window.reception.procedures
    panel.search.setFocus()
    qtbot.keyClicks(panel.search, "chung thuc ban sao")
    assert panel.results.isVisible()
    assert "Chứng thực bản sao" in panel.results.item(0).text()
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.procedure is not None and panel.procedure.name.startswith("Chứng thực bản sao")
    assert not panel.results.isVisible()


def test_silent_printer_fails_with_reason_ui_stays_responsive_retry_prints_once(
        qtbot, counter, demo_cards):
    from PySide6.QtCore import QTimer

    from printing.settings import PrinterSettings
    from tests.printing.fake_printer import FakeNetworkPrinter

    page = counter.window.reception
    with FakeNetworkPrinter(silent=True) as printer:
        counter.receipts.configure(PrinterSettings(
            name="Quầy 1", kind="network", host="127.0.0.1", port=printer.port, timeout=1.0))
        ready_to_save(qtbot, counter, demo_cards["matched"].payload)
        ticks = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(20)
        with qtbot.waitSignal(page.sig_saved, timeout=10_000):
            qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "In lỗi" in page.receipt.print_state.text(), timeout=10_000)
        timer.stop()
        assert len(ticks) >= 20  # the window kept working while the printer was silent
        assert "không" in page.receipt.print_state.text().lower()
        assert "lỗi" in counter.window.printer_label.text()

        printer.silent = False  # the clerk fixed the printer
        qtbot.mouseClick(page.receipt.reprint, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Đã in" in page.receipt.print_state.text(), timeout=10_000)
        from printing.jobs import JobState

        jobs = counter.receipts.queue.jobs
        qtbot.waitUntil(lambda: all(j.state not in (JobState.QUEUED, JobState.PRINTING)
                                    for j in jobs()), timeout=10_000)  # nothing left to print
        assert [j.state for j in jobs()] == [JobState.DONE]  # the failed job, retried
        assert printer.wait_done()  # the printer took in every connection to its end
        assert len(printer.printed) == 1  # printed once


def test_receipt_saved_as_a4_pdf_with_selectable_text(qtbot, counter, demo_cards, tmp_path):
    from pypdf import PdfReader

    page = ready_to_save(qtbot, counter, demo_cards["matched"].payload)
    dossier = save(qtbot, page)
    target = tmp_path / "a4.pdf"
    page.save_pdf(str(target))
    qtbot.waitUntil(lambda: "Đã lưu" in page.receipt.print_state.text(), timeout=10_000)
    reader = PdfReader(str(target))
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 595 and round(float(box.height)) == 842  # A4
    text = "".join(p.extract_text() for p in reader.pages)
    assert dossier.code in text
    assert "GIẤY TIẾP NHẬN" in text.upper()


def test_dossier_recorded_after_a_call_belongs_to_that_ticket(qtbot, counter, backend, demo_cards):
    from counter_app.client.api import ApiClient, new_idempotency_key
    from counter_app.client.queue import QueueApi

    kiosk = ApiClient(backend.base_url)
    kiosk.login("kiosk1", "kiosk1")
    ticket = QueueApi(kiosk).issue("HT", None, new_idempotency_key())
    kiosk.close()
    panel = counter.window.queue_panel
    qtbot.waitUntil(lambda: panel.counter is not None, timeout=10_000)
    with qtbot.waitSignal(panel.sig_ticket_called, timeout=10_000) as called:
        panel.call_next()
    assert called.args[0].number == ticket.number
    assert ticket.number in counter.window.ticket_label.text()

    page = ready_to_save(qtbot, counter, demo_cards["matched"].payload)
    assert save(qtbot, page).ticket_id == ticket.id


@pytest.mark.parametrize("ending", ["finish", "no_show", "return_to_queue"])
def test_a_dossier_after_the_ticket_left_the_counter_belongs_to_no_ticket(
        qtbot, counter, backend, demo_cards, ending):
    from counter_app.client.api import ApiClient, new_idempotency_key
    from counter_app.client.queue import QueueApi
    from tests.e2e.test_queue_panel_flow import clear_counter

    kiosk = ApiClient(backend.base_url)
    kiosk.login("kiosk1", "kiosk1")
    QueueApi(kiosk).issue("HT", None, new_idempotency_key())
    kiosk.close()
    window = counter.window
    panel = window.queue_panel
    qtbot.waitUntil(lambda: panel.counter is not None, timeout=10_000)
    clear_counter(qtbot, panel)
    with qtbot.waitSignal(panel.sig_ticket_called, timeout=10_000) as called:
        panel.call_next()
    ticket = called.args[0]
    assert f"Đang phục vụ số {ticket.number}" in window.ticket_label.text()

    if ending == "finish":  # F4 then F6
        panel.start()
        # "serving" may arrive by the live stream before the start answer; F6 waits for it.
        qtbot.waitUntil(lambda: panel.current.status == "serving" and not panel.busy,
                        timeout=15_000)
        panel.finish()
    else:  # F7, and for the late comer Ctrl+R
        panel.no_show()
        if ending == "return_to_queue":
            qtbot.waitUntil(lambda: panel.return_button.isEnabled(), timeout=15_000)
            panel.return_to_queue()
    qtbot.waitUntil(lambda: panel.current is None and not panel.busy, timeout=15_000)
    if ending == "return_to_queue":
        qtbot.waitUntil(lambda: panel.last_no_show is None, timeout=15_000)
    assert ticket.number not in window.ticket_label.text()

    page = ready_to_save(qtbot, counter, demo_cards["matched"].payload)
    assert f"Phiếu số {ticket.number}" not in page.save_hint.text()
    assert save(qtbot, page).ticket_id is None
