"""The backend is down when the counter window opens: the procedures saved last time are
listed, marked as a saved copy, and replaced by the live catalogue once it is back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from counter_app.client.api import ApiClient
from counter_app.client.models import Session, User
from counter_app.embedded import EmbeddedBackend, free_port
from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from tests.e2e.conftest import close_counter, open_counter

pytestmark = pytest.mark.e2e


def offline_window(base_url: str, tmp_path):
    from printing.settings import PrinterSettings
    from ui.common.context import AppContext
    from ui.counter.counter_window import CounterWindow
    from ui.printers.receipt_printer import ReceiptPrinter

    api = ApiClient(base_url, timeout=2.0, connect_timeout=0.5)
    api.token = "a-token-from-the-keyring"
    user = User("canbo1", "Cán bộ Một", "clerk", "HN-BADINH", 1)
    ctx = AppContext(api=api, settings=Settings(tmp_path / "offline.json"),
                     tokens=TokenStore(use_keyring=False),
                     receipts=ReceiptPrinter(PrinterSettings(role="receipt")),
                     session=Session(api.token, None, user))  # type: ignore[arg-type]
    window = CounterWindow(ctx)
    window.show()
    return window


def close_window(window) -> None:
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()
    window.ctx.receipts.close()
    window.ctx.api.close()


def test_cached_catalogue_while_the_backend_is_down(qtbot, backend, tmp_path):
    controller = open_counter(qtbot, backend.base_url, tmp_path)  # fills the cache
    live = [p.code for p in controller.window.reception.procedures._procedures]
    qtbot.waitUntil(lambda: controller.window.reception.procedures._calendar is not None,
                    timeout=10_000)
    close_counter(controller)

    port = free_port()  # nothing listens here yet
    window = offline_window(f"http://127.0.0.1:{port}", tmp_path)
    try:
        panel = window.reception.procedures
        qtbot.waitUntil(lambda: panel.combo.count() > 1, timeout=10_000)
        assert [p.code for p in panel._procedures] == live
        assert panel.source.isVisibleTo(window)
        assert "danh mục lưu tạm lúc" in panel.source.text()
        qtbot.waitUntil(lambda: panel._calendar is not None, timeout=10_000)  # saved calendar
        panel.select(live[0])
        assert "Hẹn trả kết quả" in panel.appointment.text()

        # The backend comes back on the same address: the next health check reloads.
        revived = EmbeddedBackend(tmp_path / "revived", demo=True, port=port)
        revived.start(timeout=30)
        try:
            window.ctx.api.login("canbo1", "canbo1")
            window._check_health()
            qtbot.waitUntil(lambda: not panel.source.isVisibleTo(window), timeout=10_000)
            assert panel.procedure is not None and panel.procedure.code == live[0]  # kept
        finally:
            revived.stop()
    finally:
        close_window(window)


def test_admin_calendar_reaches_the_appointment_and_the_saved_copy(qtbot, backend, tmp_path):
    from datetime import timedelta

    from counter_app.domain.clock import office_today
    from ui.admin.calendar_dialog import CalendarDialog

    controller = open_counter(qtbot, backend.base_url, tmp_path)
    try:
        window = controller.window
        admin = ApiClient(backend.base_url)
        admin.login("quantri", "quantri")
        ctx = type(window.ctx)(api=admin, settings=window.ctx.settings, tokens=window.ctx.tokens,
                               receipts=window.ctx.receipts)
        dialog = CalendarDialog(ctx, window)
        qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
        day = office_today() + timedelta(days=30)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        dialog.days_off.add(day)
        dialog.working_days.add(day)
        with qtbot.assertNotEmitted(dialog.sig_saved, wait=200):
            dialog.save()
        assert "vừa là ngày nghỉ vừa là ngày làm bù" in dialog.error.text()
        dialog.working_days.list.item(0).setSelected(True)
        dialog.working_days.remove_button.click()
        page = window.reception
        qtbot.waitUntil(lambda: "trực tiếp" in window.queue_panel.live.text(), timeout=10_000)
        # The counter hears "office_changed" and rebuilds its calendar without a restart.
        with qtbot.waitSignal(page.catalogue.sig_calendar, timeout=10_000) as calendar, \
                qtbot.waitSignal(dialog.sig_saved, timeout=10_000) as saved:
            dialog.save()
        assert day in saved.args[0].extra_days_off
        dialog.close()
        admin.close()
        assert not calendar.args[0].is_working_day(day)
        assert page.procedures._calendar is calendar.args[0]
    finally:
        close_counter(controller)
