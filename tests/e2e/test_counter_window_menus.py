"""Keyboard and menus of the counter window: F-keys reach the queue, admins get admin tools."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.client.api import ApiClient, new_idempotency_key
from counter_app.client.queue import QueueApi
from tests.e2e.conftest import close_counter, open_counter

pytestmark = pytest.mark.e2e


def menu_titles(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_f2_calls_next_from_anywhere_in_the_window(qtbot, backend, tmp_path):
    kiosk = ApiClient(backend.base_url)
    kiosk.login("kiosk1", "kiosk1")
    ticket = QueueApi(kiosk).issue("HT", None, new_idempotency_key())
    kiosk.close()
    counter = open_counter(qtbot, backend.base_url, tmp_path)
    try:
        window = counter.window
        window.queue_dock.show()
        window.show()
        qtbot.waitUntil(lambda: window.queue_panel.counter is not None, timeout=10_000)
        window.reception.form.inputs["phone"].setFocus()
        with qtbot.waitSignal(window.queue_panel.sig_ticket_called, timeout=10_000) as called:
            qtbot.keyClick(window.reception.form.inputs["phone"], Qt.Key.Key_F2)
        assert called.args[0].number == ticket.number
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentWidget() is window.returns
        assert "Quản trị" not in menu_titles(window)  # canbo1 is a clerk
    finally:
        close_counter(counter)


def test_admin_gets_the_admin_menu_and_window(qtbot, backend, tmp_path):
    counter = open_counter(qtbot, backend.base_url, tmp_path, user="quantri")
    try:
        window = counter.window
        assert "Quản trị" in menu_titles(window)
        window.show_admin()
        qtbot.waitUntil(lambda: window.admin_window.isVisible(), timeout=15_000)
        window.show_calendar()
        qtbot.waitUntil(lambda: window.calendar_dialog.isVisible(), timeout=15_000)
        window.admin_window.close()
        window.calendar_dialog.close()
    finally:
        close_counter(counter)


def test_day_ledger_exported_to_xlsx_and_csv(qtbot, backend, tmp_path):
    import csv

    from openpyxl import load_workbook

    from counter_app.client.models import Applicant, DossierDraft
    from counter_app.domain.cccd import parse_cccd_qr

    api = ApiClient(backend.base_url)
    api.login("canbo1", "canbo1")
    card = parse_cccd_qr(next(c.payload for c in api.demo_cards(5) if c.expect == "matched"))
    procedure = api.procedures()[0]
    dossier = api.create_dossier(DossierDraft(
        procedure.code, Applicant(card.id_number, card.full_name, card.date_of_birth, card.sex,
                                  card.address), "matched"), new_idempotency_key())
    api.close()
    counter = open_counter(qtbot, backend.base_url, tmp_path)
    try:
        window = counter.window
        for name in ("so.xlsx", "so.csv"):
            window.export_ledger(str(tmp_path / name))
            qtbot.waitUntil(lambda n=name: (tmp_path / n).exists()
                            and (tmp_path / n).stat().st_size > 0, timeout=10_000)
        sheet = load_workbook(tmp_path / "so.xlsx").worksheets[0]
        cells = {str(c.value) for row in sheet.iter_rows() for c in row}
        assert dossier.code in cells and card.full_name in cells
        text = (tmp_path / "so.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.reader(text.splitlines(), delimiter=";" if ";" in text.splitlines()[0] else ","))
        assert any(dossier.code in row for row in rows)
    finally:
        close_counter(counter)


def test_a_receipt_that_never_printed_is_printed_again_by_its_code(qtbot, backend, tmp_path):
    """The counter died after saving, before the paper came out: the clerk types the code
    from the ledger and the same receipt (same QR) prints; a wrong code says so."""
    import zxingcpp

    from counter_app.client.models import Applicant, DossierDraft
    from counter_app.domain.cccd import parse_cccd_qr
    from tests.printing.escpos_decode import decode

    api = ApiClient(backend.base_url)
    api.login("canbo1", "canbo1")
    card = parse_cccd_qr(next(c.payload for c in api.demo_cards(5) if c.expect == "matched"))
    dossier = api.create_dossier(DossierDraft(
        api.procedures()[0].code, Applicant(card.id_number, card.full_name, card.date_of_birth,
                                            card.sex, card.address), "matched"),
        new_idempotency_key())
    api.close()
    counter = open_counter(qtbot, backend.base_url, tmp_path)
    try:
        window = counter.window
        transport = counter.receipts.transport
        before = len(transport.jobs)
        window.receipt_reprint.reprint(dossier.code.lower())  # typed in lower case
        qtbot.waitUntil(lambda: len(transport.jobs) > before, timeout=10_000)
        picture = decode(transport.jobs[-1]).image().convert("L")
        assert [r.text for r in zxingcpp.read_barcodes(picture)] == [dossier.tracking_url]
        assert dossier.code in window.statusBar().currentMessage()

        from tests.ui.message_boxes import MessageBoxes

        boxes = MessageBoxes()
        try:
            window.receipt_reprint.reprint("000.00.17.H01-990101-0001")
            qtbot.waitUntil(lambda: bool(boxes.shown), timeout=10_000)
        finally:
            boxes.stop()
        assert [text for text, _format in boxes.shown] == [
            "Không tìm thấy hồ sơ mã 000.00.17.H01-990101-0001 của cơ quan này."]
        assert len(transport.jobs) == before + 1
    finally:
        close_counter(counter)


def test_supervisor_opens_the_dashboard_and_the_rating_screen(qtbot, backend, tmp_path):
    counter = open_counter(qtbot, backend.base_url, tmp_path, user="giamsat")
    try:
        window = counter.window
        assert "Thống kê" in menu_titles(window) and "Quản trị" not in menu_titles(window)
        window.show_dashboard()
        qtbot.waitUntil(lambda: window.dashboard.isVisible(), timeout=15_000)
        window.show_rating()
        qtbot.waitUntil(lambda: window.rating_window.isVisible(), timeout=15_000)
    finally:
        close_counter(counter)
    import shiboken6

    rating = window.rating_window  # logging out closes the session's other windows
    assert not shiboken6.isValid(rating) or not rating.isVisible()
