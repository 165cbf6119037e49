"""The backend dies while the clerk works: clear Vietnamese messages, nothing typed is lost."""

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
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(page.save_error.isVisible, timeout=10_000)
        assert "Không kết nối được máy chủ" in page.save_error.text()
        assert page.form.text("id_number") == id_number  # nothing the clerk entered is lost
        assert page.save_button.isEnabled()  # and the same save can be retried
        controller.window._check_health()  # the periodic check, without waiting 15 s
        qtbot.waitUntil(lambda: "mất kết nối" in controller.window.backend_label.text(),
                        timeout=10_000)
    finally:
        close_counter(controller)
        backend.stop()
