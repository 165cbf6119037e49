"""The counter window on the most common counter screen, 1366×768, with the queue open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from counter_app.client.api import ApiClient, new_idempotency_key
from counter_app.client.queue import QueueApi
from tests.e2e.conftest import close_counter, open_counter
from tests.ui.prepared_app import prepared_app

pytestmark = pytest.mark.e2e

# 1366×768 less a 40 px taskbar is what Windows leaves; the title bar takes ~30 px more.
AVAILABLE = QSize(1366, 728)
CLIENT = QSize(AVAILABLE.width(), AVAILABLE.height() - 30)


def issue_tickets(base_url: str, n: int) -> list:
    kiosk = ApiClient(base_url)
    kiosk.login("kiosk1", "kiosk1")
    tickets = [QueueApi(kiosk).issue("HT", None, new_idempotency_key()) for _ in range(n)]
    kiosk.close()
    return tickets


def squeezed_or_outside(window) -> list[str]:
    """Every visible button: inside the window and given at least the size it needs."""
    bounds = QRect(QPoint(0, 0), window.size())
    problems = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or button.width() == 0:
            continue
        rect = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        need = button.minimumSizeHint()
        if not bounds.contains(rect):
            problems.append(f"outside: {button.text()!r} at {rect}")
        elif rect.width() < need.width() or rect.height() < need.height():
            problems.append(f"squeezed: {button.text()!r} {rect.size()} < {need}")
    return problems


def settle(qtbot) -> None:
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(50)  # layout requests are posted events; let them run, no time assumed


def fits(qtbot, window) -> None:
    """The window keeps the screen's size and every button fits, once the posted layout
    requests have run (on a loaded machine they may still be queued after settle())."""
    try:
        qtbot.waitUntil(lambda: window.size() == CLIENT and not squeezed_or_outside(window),
                        timeout=15_000)
    except AssertionError:
        assert window.size() == CLIENT
        assert squeezed_or_outside(window) == []


@pytest.fixture
def styled():
    with prepared_app():  # the stylesheet and font main.py gives the real window
        yield


def test_window_fits_1366x768_with_the_queue_open(qtbot, backend, tmp_path, styled):
    counter = open_counter(qtbot, backend.base_url, tmp_path)
    try:
        window = counter.window
        window.show()
        assert window.queue_dock.isVisible()  # a clerk with a counter starts with the queue
        qtbot.waitUntil(lambda: window.queue_panel.counter is not None, timeout=10_000)
        hint = window.minimumSizeHint()
        assert hint.width() <= CLIENT.width() and hint.height() <= CLIENT.height(), hint
        window.resize(CLIENT)
        for page in (window.reception, window.returns):
            window.tabs.setCurrentWidget(page)
            settle(qtbot)
            fits(qtbot, window)  # nothing widened the window past the screen
        window.tabs.setCurrentWidget(window.reception)
        reason = "Họp giao ban đột xuất với lãnh đạo phòng về hồ sơ đất đai, quay lại sau"
        window.queue_panel.pause(reason)
        qtbot.waitUntil(lambda: reason in window.queue_panel.counter_label.text(), timeout=10_000)
        settle(qtbot)
        assert window.minimumSizeHint().width() <= CLIENT.width()  # long messages wrap
        fits(qtbot, window)
        window.queue_panel.resume()  # the next test in this module needs the counter open
        qtbot.waitUntil(lambda: "đang mở" in window.queue_panel.counter_label.text(),
                        timeout=10_000)
        bar = window.statusBar()
        assert QRect(QPoint(0, 0), window.size()).contains(
            QRect(bar.mapTo(window, QPoint(0, 0)), bar.size()))
        assert bar.height() >= bar.minimumSizeHint().height()
    finally:
        close_counter(counter)


def test_queue_keys_work_while_the_panel_is_hidden(qtbot, backend, tmp_path):
    from ui.counter.queue.queue_dialogs import IssueDialog

    first, _second = issue_tickets(backend.base_url, 2)
    counter = open_counter(qtbot, backend.base_url, tmp_path)
    try:
        window = counter.window
        panel = window.queue_panel
        window.show()
        qtbot.waitUntil(lambda: panel.counter is not None, timeout=10_000)
        window.queue_dock.hide()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=15_000)
        field = window.reception.form.inputs["phone"]
        field.setFocus()
        with qtbot.waitSignal(panel.sig_ticket_called, timeout=10_000) as called:
            qtbot.keyClick(field, Qt.Key.Key_F2)
        assert called.args[0].number == first.number
        assert first.number in window.ticket_label.text()
        qtbot.waitUntil(panel.recall_button.isEnabled, timeout=10_000)
        with qtbot.waitSignal(panel.sig_ticket_called, timeout=10_000) as recalled:
            qtbot.keyClick(field, Qt.Key.Key_F3)
        assert recalled.args[0].number == first.number
        qtbot.keyClick(field, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: any(d.isVisible() for d in panel.findChildren(IssueDialog)),
                        timeout=15_000)
        for dialog in panel.findChildren(IssueDialog):
            dialog.reject()
        assert not window.queue_dock.isVisible()
    finally:
        close_counter(counter)


def test_ledger_export_opens_in_documents(qtbot, counter, monkeypatch):
    import os
    from datetime import date
    from pathlib import Path

    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    asked: list[str] = []
    # The dialog is Qt's; what the clerk sees is where it opens. They cancel (empty path).
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _parent, _title, where, _filter: (asked.append(where), ("", ""))[1])
    counter.window.export_ledger(day=date(2025, 3, 5))
    expected = documents if os.path.isdir(documents) else str(Path.home())
    assert [Path(p) for p in asked] == [Path(expected) / "so-theo-doi-2025-03-05.xlsx"]
