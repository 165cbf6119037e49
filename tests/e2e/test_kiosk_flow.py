"""The kiosk against the real backend: a printed ticket is in the queue, a failed print
leaves no ticket behind."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication

from counter_app.client.api import ApiClient
from counter_app.client.queue import QueueApi
from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from printing.errors import PrinterError
from printing.transports import PreviewTransport

pytestmark = pytest.mark.e2e


class OfflinePrinter:
    def send(self, data: bytes) -> None:
        raise PrinterError("offline", "Máy in mất kết nối.")

    def close(self) -> None:
        pass


@pytest.fixture
def clerk(backend):
    api = ApiClient(backend.base_url)
    api.login("canbo1", "canbo1")
    yield QueueApi(api)
    api.close()


ADMIN_PIN = "246810"


def kiosk_settings(tmp_path, pin: str | None = ADMIN_PIN) -> Settings:
    """Settings of an installed kiosk: its admin PIN was set (only its hash is kept)."""
    from counter_app.kiosk_pin import save_pin

    settings = Settings(tmp_path / "settings.json")
    if pin is not None:
        save_pin(settings, pin)
    return settings


def open_kiosk(qtbot, base_url: str, tmp_path, transport, *, pin: str | None = ADMIN_PIN,
               pin_guard=None):
    from counter_app.desk.tickets import TicketPrinter
    from ui.kiosk.kiosk_app import KioskController

    controller = KioskController(kiosk_settings(tmp_path, pin), lambda: (base_url, "thử"),
                                 tokens=TokenStore(use_keyring=False),
                                 printer=TicketPrinter(transport=transport), pin_guard=pin_guard)
    controller.start()
    window = controller.window
    if pin is not None:
        qtbot.waitUntil(lambda: len(window.services.buttons) >= 1, timeout=15_000)
    return controller


def close_kiosk(controller) -> None:
    controller.shutdown()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()


def choose(qtbot, window, service_code: str, priority_code: str | None) -> None:
    button = next(b for b in window.services.buttons if b.service.code == service_code)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.priority
    qtbot.mouseClick(window.priority.buttons[priority_code], Qt.MouseButton.LeftButton)


def test_kiosk_issues_and_prints_a_ticket(qtbot, backend, tmp_path, clerk):
    preview = PreviewTransport()
    controller = open_kiosk(qtbot, backend.base_url, tmp_path, preview)
    window = controller.window
    try:
        assert window.isFullScreen()
        assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
        window.close()  # Alt+F4 or the window manager: ignored
        assert window.isVisible()

        choose(qtbot, window, "HT", "elderly")
        qtbot.waitUntil(lambda: window.last_ticket is not None, timeout=10_000)
        ticket = window.last_ticket
        assert window.message.number.text() == ticket.number
        assert window.message.number.isVisible()
        assert "người chờ trước" in window.message.ahead.text() or \
            "gọi ngay" in window.message.ahead.text()
        assert [p.title for p in preview.pages] == [f"Phiếu số {ticket.number}"]
        assert preview.pages[0].data.startswith(b"\x1b@")  # ESC @: a real ESC/POS job

        waiting = {t.id: t for t in clerk.waiting()}
        assert waiting[ticket.id].number == ticket.number
        assert waiting[ticket.id].priority == "elderly"
        assert waiting[ticket.id].source == "kiosk"

        window.go_home()
        assert window.stack.currentWidget() is window.services
    finally:
        close_kiosk(controller)


def test_a_failed_print_voids_the_ticket(qtbot, backend, tmp_path, clerk):
    controller = open_kiosk(qtbot, backend.base_url, tmp_path, OfflinePrinter())
    window = controller.window
    try:
        with qtbot.waitSignal(controller.issuer.sig_print_failed, timeout=15_000) as signal:
            choose(qtbot, window, "HT", None)
        ticket, voided = signal.args
        assert voided
        assert window.message.title.text() == "Xin lỗi, chưa cấp được số"
        assert "liên hệ cán bộ" in window.message.text.text()
        assert ticket.id not in {t.id for t in clerk.waiting()}
        assert controller.issuer.pending.ids() == []
    finally:
        close_kiosk(controller)
