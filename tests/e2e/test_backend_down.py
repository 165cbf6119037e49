"""The backend dies while the clerk works: clear Vietnamese messages, nothing typed is lost,
and the receipt still prints on a leased number (issue 7)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.client.api import ApiClient
from counter_app.embedded import EmbeddedBackend
from tests.e2e.conftest import close_counter, open_counter
from tests.ui.keyboard import scan

pytestmark = pytest.mark.e2e


def test_dead_backend_keeps_the_form_and_explains(qtbot, tmp_path):
    backend = EmbeddedBackend(tmp_path / "backend", demo=True)
    backend.start()
    api = ApiClient(backend.base_url)
    api.login("canbo1", "canbo1")
    payload = next(c.payload for c in api.demo_cards(5) if c.expect == "matched")
    api.close()
    controller = open_counter(qtbot, backend.base_url, tmp_path)
    try:
        page = controller.window.reception
        service = controller.window.ctx.reception
        # While the backend answered, the counter leased numbers for offline receipts.
        qtbot.waitUntil(lambda: service.keeper.book.free_count(
            "canbo1", service.clock.now().date()) >= 5, timeout=10_000)
        backend.stop()

        scan(controller.window, payload)
        qtbot.waitUntil(lambda: page.badge.outcome == "unavailable", timeout=10_000)
        assert "Không kiểm tra được" in page.badge.label.text()
        assert "Không kết nối được máy chủ" in page.badge.label.text()
        id_number = payload.split("|")[0]
        assert page.form.text("id_number") == id_number

        page.procedures.combo.setCurrentIndex(1)
        page.procedures.check_all()
        assert page.save_button.isEnabled()
        assert "chưa được xác thực" in page.save_hint.text()
        # The receipt still comes out, with its final code, and waits in the outbox.
        with qtbot.waitSignal(page.sig_saved, timeout=10_000) as saved:
            qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        assert saved.args[0].waiting and saved.args[0].identity_outcome == "unverified"
        assert page.receipt.code.text() == saved.args[0].code
        qtbot.waitUntil(lambda: "Đã in" in page.receipt.print_state.text(), timeout=10_000)
        controller.window._check_health()  # the periodic check, without waiting 15 s
        qtbot.waitUntil(lambda: "Ngoại tuyến — 1 hồ sơ chờ gửi"
                        in controller.window.backend_label.text(), timeout=10_000)
        # Whichever noticed last (the health check, or the outbox's replay cut off mid-way)
        # explains it; under load either may come last.
        tip = controller.window.backend_label.toolTip()
        assert "Không kết nối được máy chủ" in tip or "Mất kết nối với máy chủ" in tip, tip
    finally:
        close_counter(controller)
        backend.stop()
