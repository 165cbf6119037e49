"""Closing the counter while dossiers wait: the clerk is told how many and that they go up
at the next start; "Ở lại" keeps the counter open (real backend, real outbox)."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.client.outbox_key import OutboxKey
from counter_app.client.reception import ReceptionService
from tests.client.live import KEY, draft
from tests.ui.session import close_window, logged_in_context

pytestmark = pytest.mark.e2e


def counter_window(qtbot, base_url, tmp_path):
    from ui.counter.counter_window import CounterWindow

    ctx = logged_in_context(base_url, "canbo1", tmp_path)
    ctx.reception = ReceptionService(ctx.api, tmp_path / "data", key=OutboxKey(key=KEY))
    window = CounterWindow(ctx)
    window.show()
    qtbot.waitUntil(lambda: window.backend_label.text() == "● Trực tuyến", timeout=10_000)
    return window


def answer_prompt(choice: str, seen: list[str]) -> None:
    """Click `choice` in the message box once it is up (it runs its own event loop)."""

    tries = iter(range(250))

    def click() -> None:
        box = QApplication.activeModalWidget()
        # Only our prompt: a poll still running must never press another test's box.
        if not isinstance(box, QMessageBox) or not box.text().startswith("Còn "):
            if next(tries, None) is not None:
                QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        seen.extend(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text() == choice).click()

    QTimer.singleShot(0, click)


def test_closing_with_waiting_dossiers_asks_and_stay_keeps_the_counter(
        qtbot, live, matched_card, tmp_path):
    window = counter_window(qtbot, live.base_url, tmp_path)
    service = window.ctx.reception
    try:
        qtbot.waitUntil(lambda: service.keeper.book.free_count(
            "canbo1", service.clock.now().date()) >= 2, timeout=10_000)
        live.stop()
        window._check_health()
        qtbot.waitUntil(lambda: "Ngoại tuyến" in window.backend_label.text(), timeout=10_000)
        for key in ("exit-key-0001", "exit-key-0002"):
            assert service.receive(draft(matched_card), key).waiting
        window.sync_status.refresh()
        qtbot.waitUntil(lambda: "2 hồ sơ chờ gửi" in window.backend_label.text(),
                        timeout=10_000)

        seen: list[str] = []
        answer_prompt("Ở lại", seen)
        window.close()  # the window's X, Alt+F4 or Phiên làm việc → Thoát
        assert seen == ["Còn 2 hồ sơ chờ gửi lên máy chủ. Các hồ sơ này được lưu an toàn trên "
                        "máy và sẽ tự gửi khi mở lại ứng dụng. Thoát?", "Thoát", "Ở lại"]
        assert window.isVisible()

        seen.clear()
        answer_prompt("Thoát", seen)
        window.close()
        assert seen and not window.isVisible()
        assert service.counts().pending == 2  # still on disk for the next start
    finally:
        if live.current is None:
            live.start()
        if shiboken6.isValid(window):
            close_window(window)


def test_closing_with_nothing_waiting_asks_nothing(qtbot, live, tmp_path):
    window = counter_window(qtbot, live.base_url, tmp_path)
    try:
        seen: list[str] = []
        answer_prompt("Ở lại", seen)  # were a box to come up, it would keep the window
        window.close()
        assert seen == [] and not window.isVisible()
    finally:
        close_window(window)
