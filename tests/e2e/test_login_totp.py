"""An admin with TOTP signs in at the real counter: the code field appears only after the
right password, and the window opens with the code (issue 12, item 5). The real backend
serves on loopback in this process, so the test holds the clock the codes are made from."""

from __future__ import annotations

from PySide6.QtCore import Qt

from backend import totp
from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from tests.backend.inprocess import serve
from tests.e2e.conftest import close_counter


def test_admin_signs_in_with_password_then_code(qtbot, tmp_path):
    from ui.app import CounterController

    with serve(tmp_path / "backend") as (api, _, clock):
        with api.as_user("quantri") as admin:
            secret = admin.post("/admin/users/quantri/totp/secret").json()["secret"]
            assert admin.put("/admin/users/quantri/totp", json={
                "secret": secret, "code": totp.code_at(secret, clock.now())}).status_code == 200
        clock.advance(30)

        controller = CounterController(Settings(tmp_path / "settings.json"),
                                       lambda: (api.base_url, "kiểm thử"),
                                       tokens=TokenStore(use_keyring=False))
        controller.start()
        try:
            login = controller.login
            qtbot.waitUntil(login.login_button.isEnabled, timeout=10_000)
            assert not login.totp_code.isVisibleTo(login)
            login.username.setText("quantri")
            login.password.setText("quantri")
            qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: login.totp_code.isVisibleTo(login), timeout=10_000)
            assert "mã xác thực 6 số" in login.error.text()
            assert controller.window is None

            qtbot.keyClicks(login.totp_code, totp.code_at(secret, clock.now()))
            qtbot.keyClick(login.totp_code, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: controller.window is not None, timeout=10_000)
            assert controller.api.session.user.role == "admin"
        finally:
            close_counter(controller)
