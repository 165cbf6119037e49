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
        qtbot.waitUntil(lambda: window.admin_window.isVisible(), timeout=5000)
        window.show_calendar()
        qtbot.waitUntil(lambda: window.calendar_dialog.isVisible(), timeout=5000)
        window.admin_window.close()
        window.calendar_dialog.close()
    finally:
        close_counter(counter)
