"""Sessions as the clerk and the lobby devices live them, real backend over loopback and a
real keyring backend (kept in memory): logout clears the keyring and revokes the token,
even with the backend gone; a restart resumes from the keyring; the session's end sends
the clerk back to the login window; kiosk and display sign in with their own accounts."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication

from counter_app.embedded import EmbeddedBackend
from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from tests.client.memory_keyring import os_keyring  # noqa: F401 - fixture
from tests.e2e.conftest import close_counter

pytestmark = pytest.mark.e2e
SERVICE = "counter-app"


@pytest.fixture
def keys(request) -> dict:
    """The OS keyring's entries: a real keyring backend (kept in memory) is installed."""
    return request.getfixturevalue("os_keyring").store


@pytest.fixture
def own_backend(tmp_path):
    """A backend this test may stop."""
    started: list[EmbeddedBackend] = []

    def start() -> EmbeddedBackend:
        b = EmbeddedBackend(tmp_path / f"backend{len(started)}", demo=True)
        b.start(timeout=30)
        started.append(b)
        return b

    yield start
    for b in started:
        b.stop()


def me_status(base_url: str, token: str) -> int:
    return httpx.get(base_url + "/api/v1/auth/me", timeout=5,
                     headers={"Authorization": f"Bearer {token}"}).status_code


def counter_app(qtbot, base_url: str, tmp_path, *, sign_in: bool = True):
    from ui.app import CounterController

    controller = CounterController(Settings(tmp_path / "settings.json"),
                                   lambda: (base_url, "kiểm thử"), tokens=TokenStore())
    controller.start()
    if sign_in:
        login = controller.login
        qtbot.waitUntil(login.login_button.isEnabled, timeout=10_000)
        login.username.setText("canbo1")
        login.password.setText("canbo1")
        qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: controller.window is not None, timeout=10_000)
    return controller


def test_logout_clears_the_keyring_and_revokes_the_token(qtbot, own_backend, tmp_path, keys):
    backend = own_backend()
    controller = counter_app(qtbot, backend.base_url, tmp_path)
    try:
        token = controller.api.token
        qtbot.waitUntil(lambda: keys.get((SERVICE, "canbo1")) == token, timeout=15_000)
        controller.window.sig_logout_requested.emit()
        qtbot.waitUntil(lambda: (SERVICE, "canbo1") not in keys, timeout=15_000)
        qtbot.waitUntil(lambda: me_status(backend.base_url, token) == 401, timeout=15_000)
        assert controller.window is None and controller.login.isVisible()
        assert controller.api.token is None
    finally:
        close_counter(controller)


def test_logout_with_the_backend_gone_still_clears_the_keyring(qtbot, own_backend, tmp_path, keys):
    backend = own_backend()
    controller = counter_app(qtbot, backend.base_url, tmp_path)
    try:
        qtbot.waitUntil(lambda: (SERVICE, "canbo1") in keys, timeout=15_000)
        backend.stop()
        controller.window.sig_logout_requested.emit()
        qtbot.waitUntil(lambda: (SERVICE, "canbo1") not in keys, timeout=15_000)
        assert controller.login.isVisible() and controller.api.token is None
    finally:
        close_counter(controller)


def test_restart_resumes_from_the_keyring_with_a_fresh_token(qtbot, own_backend, tmp_path, keys):
    backend = own_backend()
    first = counter_app(qtbot, backend.base_url, tmp_path)
    qtbot.waitUntil(lambda: (SERVICE, "canbo1") in keys, timeout=15_000)
    kept = keys[(SERVICE, "canbo1")]
    close_counter(first)  # the app closed without logging out
    again = counter_app(qtbot, backend.base_url, tmp_path, sign_in=False)
    try:
        qtbot.waitUntil(lambda: again.window is not None, timeout=10_000)  # no password
        assert again.api.session.user.username == "canbo1"
        qtbot.waitUntil(lambda: keys.get((SERVICE, "canbo1")) == again.api.token,
                        timeout=15_000)
        assert again.api.token != kept and me_status(backend.base_url, kept) == 401
    finally:
        close_counter(again)


def test_end_of_session_sends_the_clerk_back_to_login(qtbot, clocked_backend, clock, tmp_path,
                                                     keys):
    backend = clocked_backend()  # 12-hour sessions, on the clock this test moves
    controller = counter_app(qtbot, backend.base_url, tmp_path)
    try:
        qtbot.waitUntil(lambda: (SERVICE, "canbo1") in keys, timeout=15_000)
        clock.advance(hours=12, seconds=1)  # the session's maximum passes: no refresh extends it
        controller.window.queue_panel.refresh()  # any call to the backend now answers 401
        qtbot.waitUntil(lambda: controller.window is None and controller.login.isVisible(),
                        timeout=10_000)
        qtbot.waitUntil(lambda: (SERVICE, "canbo1") not in keys, timeout=15_000)
    finally:
        close_counter(controller)


def _close(controller) -> None:
    controller.shutdown()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()


def test_kiosk_signs_in_with_its_device_account_and_keeps_its_own_token(
        qtbot, own_backend, tmp_path, keys):
    from counter_app.desk.tickets import TicketPrinter
    from printing.transports import PreviewTransport
    from ui.kiosk.kiosk_app import KioskController

    backend = own_backend()
    from counter_app.kiosk_pin import save_pin

    save_pin(Settings(tmp_path / "kiosk.json"), "246810")  # an installed kiosk has its PIN

    def open_kiosk():
        c = KioskController(Settings(tmp_path / "kiosk.json"), lambda: (backend.base_url, "thử"),
                            tokens=TokenStore(),
                            printer=TicketPrinter(transport=PreviewTransport()))
        c.start()
        qtbot.waitUntil(lambda: len(c.window.services.buttons) >= 1, timeout=15_000)
        return c

    kiosk = open_kiosk()
    try:
        assert kiosk.api.session.user.role == "kiosk"
        kept = keys[(SERVICE, "device-token:kiosk1")]
        assert kept == kiosk.api.token
        assert {a for _, a in keys} == {"device-token:kiosk1"}
        # what the device account may not do, the backend refuses
        with httpx.Client(base_url=backend.base_url + "/api/v1", timeout=5,
                          headers={"Authorization": f"Bearer {kept}"}) as c:
            assert c.get("/procedures").status_code == 403
            assert c.get("/queue/tickets").status_code == 403
    finally:
        _close(kiosk)
    again = open_kiosk()  # a restart: the kept token is refreshed, no password login
    try:
        assert again.api.token != kept and me_status(backend.base_url, kept) == 401
        assert keys[(SERVICE, "device-token:kiosk1")] == again.api.token
    finally:
        _close(again)


def test_display_signs_in_with_its_device_account(qtbot, own_backend, tmp_path, keys):
    from tests.ui.test_display_announcer import FakeSpeech
    from ui.display.display_app import DisplayController

    backend = own_backend()
    display = DisplayController(Settings(tmp_path / "display.json"),
                                lambda: (backend.base_url, "thử"), tokens=TokenStore(),
                                speech=FakeSpeech(talk_ms=10), audio=False)
    display.start()
    try:
        qtbot.waitUntil(lambda: display.live, timeout=15_000)
        assert display.api.session.user.role == "display"
        token = keys[(SERVICE, "device-token:display1")]
        with httpx.Client(base_url=backend.base_url + "/api/v1", timeout=5,
                          headers={"Authorization": f"Bearer {token}"}) as c:
            assert c.get("/queue/display").status_code == 200
            assert c.post("/queue/counters/1/call-next").status_code == 403
            assert c.get("/ledger").status_code == 403
    finally:
        _close(display)
