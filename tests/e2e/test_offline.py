"""The counter starts while its office backend is down, receives a dossier offline on a
leased number, and the dossier reaches the backend once when it is back (issue 7)."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtCore import Qt

from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from tests.client.live import Revivable, dossiers_named
from tests.e2e.conftest import close_counter
from tests.ui.keyboard import scan

pytestmark = pytest.mark.e2e


def start_counter(qtbot, base_url: str, settings: Settings, tokens: TokenStore):
    from ui.app import CounterController

    controller = CounterController(settings, lambda: (base_url, "máy chủ cơ quan"),
                                   tokens=tokens, offline_resume=True)
    controller.start()
    return controller


def test_start_offline_receive_then_sync_once(qtbot, tmp_path, os_keyring):
    backend = Revivable(tmp_path / "office-backend").start()
    with backend.http() as c:
        card = next(x for x in c.get("/demo/cards", params={"limit": 10}).json()
                    if x["expect"] == "matched")
    settings = Settings(tmp_path / "settings.json")
    tokens = TokenStore()  # the OS keyring (here: os_keyring)

    # Yesterday evening: the clerk worked online; the counter leased numbers and saved the
    # catalogue, the calendar, the office and the session.
    first = start_counter(qtbot, backend.base_url, settings, tokens)
    qtbot.waitUntil(first.login.login_button.isEnabled, timeout=10_000)
    first.login.username.setText("canbo1")
    first.login.password.setText("canbo1")
    qtbot.mouseClick(first.login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: first.window is not None, timeout=10_000)
    service = first.window.ctx.reception
    qtbot.waitUntil(lambda: first.window.reception.procedures.combo.count() > 1, timeout=10_000)
    qtbot.waitUntil(lambda: service.keeper.book.free_count(
        "canbo1", service.clock.now().date()) >= 5, timeout=10_000)
    qtbot.waitUntil(lambda: "Trực tuyến" in first.window.backend_label.text(), timeout=10_000)
    close_counter(first)

    backend.stop()  # this morning the office server is down
    controller = start_counter(qtbot, backend.base_url, settings, tokens)
    try:
        qtbot.waitUntil(lambda: controller.window is not None, timeout=15_000)
        window = controller.window
        page = window.reception
        qtbot.waitUntil(lambda: "Ngoại tuyến — 0 hồ sơ chờ gửi" in window.backend_label.text(),
                        timeout=10_000)
        qtbot.waitUntil(lambda: page.procedures.combo.count() > 1, timeout=10_000)
        assert "danh mục lưu tạm" in page.procedures.source.text()

        scan(window, card["payload"])  # the eID check cannot be made: "unavailable"
        qtbot.waitUntil(lambda: page.badge.outcome == "unavailable", timeout=10_000)
        page.procedures.combo.setCurrentIndex(1)
        page.procedures.check_all()
        with qtbot.waitSignal(page.sig_saved, timeout=10_000) as saved:
            qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        dossier = saved.args[0]
        assert dossier.waiting and dossier.tracking_url.startswith(backend.base_url + "/t/")
        qtbot.waitUntil(lambda: "Đã in" in page.receipt.print_state.text(), timeout=10_000)
        assert page.receipt.code.text() == dossier.code
        qtbot.waitUntil(lambda: "Ngoại tuyến — 1 hồ sơ chờ gửi" in window.backend_label.text(),
                        timeout=10_000)

        backend.start()  # the server is back on the same address, same database
        window._check_health()  # the periodic check, without waiting 15 s
        qtbot.waitUntil(lambda: window.backend_label.text() == "● Trực tuyến", timeout=15_000)
        assert window.ctx.reception.counts().pending == 0  # the outbox drained

        name = card["payload"].split("|")[2]
        assert dossiers_named(backend, name).count(dossier.code) == 1
        with backend.http() as c:
            remote = c.get(f"/dossiers/{dossier.code}").json()
        assert remote["tracking_url"] == dossier.tracking_url
        assert remote["received_at"] == dossier.received_at.isoformat()
        assert remote["identity_rechecked"] is True
        page_html = httpx.get(dossier.tracking_url, timeout=5).text
        assert dossier.code in page_html and name not in page_html
    finally:
        close_counter(controller)
        backend.stop()


def test_no_saved_session_stays_on_the_login_window(qtbot, tmp_path, os_keyring):
    from counter_app.embedded import free_port

    controller = start_counter(qtbot, f"http://127.0.0.1:{free_port()}",
                               Settings(tmp_path / "settings.json"), TokenStore())
    try:
        qtbot.waitUntil(lambda: "cần đăng nhập lại khi có kết nối"
                        in controller.login.status.text(), timeout=10_000)
        assert controller.window is None and not controller.login.login_button.isEnabled()
        assert "Không kết nối được máy chủ" in controller.login.status.text()
    finally:
        close_counter(controller)
