"""The counter window's outbox part: the offline count in the status bar, the refused
dossiers behind a click, retry and "handled" that keeps a record (real backend)."""

from __future__ import annotations

from dataclasses import replace

import pytest
import zxingcpp
from PySide6.QtCore import Qt

from counter_app.client.outbox_key import OutboxKey
from counter_app.client.reception import ReceptionService
from tests.client.live import KEY, draft
from tests.printing.escpos_decode import decode
from tests.ui.session import close_window, logged_in_context

pytestmark = pytest.mark.e2e


def counter_window(qtbot, base_url, tmp_path):
    from ui.counter.counter_window import CounterWindow

    ctx = logged_in_context(base_url, "canbo1", tmp_path)
    ctx.reception = ReceptionService(ctx.api, tmp_path / "data", key=OutboxKey(key=KEY))
    window = CounterWindow(ctx)
    window.show()
    qtbot.waitUntil(lambda: window.reception.procedures.combo.count() > 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.backend_label.text() == "● Trực tuyến", timeout=10_000)
    return window


def test_offline_count_conflicts_dialog_retry_and_handled(qtbot, live, matched_card, tmp_path):
    window = counter_window(qtbot, live.base_url, tmp_path)
    service = window.ctx.reception
    try:
        qtbot.waitUntil(lambda: service.keeper.book.free_count(
            "canbo1", service.clock.now().date()) >= 5, timeout=10_000)
        sent = service.receive(draft(matched_card), "ui-conflict-key-0001")
        assert not sent.waiting
        # The PC's outbox was restored from a backup: it hands the same number out again.
        with service.outbox.transaction() as db:
            db.execute("DELETE FROM used_numbers")
        live.stop()
        window._check_health()
        qtbot.waitUntil(lambda: "Ngoại tuyến — 0 hồ sơ chờ gửi" in window.backend_label.text(),
                        timeout=10_000)
        person = replace(draft(matched_card).applicant, full_name="Bùi Thị Thu Trang")
        again = service.receive(replace(draft(matched_card), applicant=person),
                                "ui-conflict-key-0002")
        assert again.waiting and again.code == sent.code
        window.sync_status.refresh()
        qtbot.waitUntil(lambda: "Ngoại tuyến — 1 hồ sơ chờ gửi" in window.backend_label.text(),
                        timeout=10_000)
        assert not window.sync_status.conflicts_button.isVisible()

        live.start()
        window._check_health()
        button = window.sync_status.conflicts_button
        qtbot.waitUntil(button.isVisible, timeout=15_000)
        assert button.text() == "⚠ 1 hồ sơ bị máy chủ từ chối — xem"
        assert window.backend_label.text() == "● Trực tuyến"

        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        dialog = window.outbox_dialog
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
        cells = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
        assert cells[0] == sent.code
        assert cells[1].startswith("Bùi T. T. T. · ") and person.id_number not in cells[1]
        assert cells[2].startswith("Cấp bản sao có chứng thực") and cells[3] == "Bị từ chối"
        assert cells[4] == f"Số hồ sơ {sent.code} đã được dùng cho hồ sơ khác."
        assert not dialog.retry_button.isEnabled()  # nothing selected yet

        # The PC died before the receipt came out: it is printed again from the row.
        dialog.table.selectRow(0)
        printed = len(window.ctx.receipts.transport.jobs)
        qtbot.mouseClick(dialog.reprint_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(window.ctx.receipts.transport.jobs) > printed,
                        timeout=10_000)
        picture = decode(window.ctx.receipts.transport.jobs[-1]).image()
        [qr] = zxingcpp.read_barcodes(picture.convert("L"))
        assert qr.text == again.tracking_url  # the same QR as the first paper

        dialog.table.selectRow(0)
        with qtbot.waitSignal(dialog.sig_changed, timeout=10_000):
            qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
        # Sent again with the same key and bytes: the backend says the same; still listed.
        qtbot.waitUntil(lambda: service.counts().conflicts == 1 and
                        service.counts().pending == 0, timeout=10_000)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)

        dialog.table.selectRow(0)
        with qtbot.waitSignal(dialog.sig_changed, timeout=10_000):
            dialog.mark_selected_handled(confirm=False)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=10_000)
        qtbot.waitUntil(lambda: not button.isVisible(), timeout=10_000)
        [(_seq, code, detail, _at, by)] = service.outbox.handled()
        assert (code, by) == (sent.code, "canbo1") and "đã được dùng" in detail
    finally:
        if live.current is None:
            live.start()
        close_window(window)
