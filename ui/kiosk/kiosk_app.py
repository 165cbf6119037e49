"""The kiosk's flow: full-screen window at once, then backend, device login, services.

Demo backends log in as kiosk1/kiosk1; a real office sets `device_username` and keeps
the password in the OS keyring (account "device:<username>", counter_app/desk/sign_in.py). Device
accounts have the roles kiosk/display: the backend lets them issue tickets, or read the
lobby feed, and nothing else. The device's session token is kept in the keyring too
(account "device-token:<username>"), apart from any clerk's token on the same PC.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from counter_app import settings as S
from counter_app.desk.sign_in import keep_device_token, sign_in_device
from counter_app.kiosk_pin import KIOSK_PIN_HASH, save_pin
from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from ui.common.session_expiry import session_expiry
from ui.common.tasks import Task

log = logging.getLogger(__name__)

RELOGIN_MS = 5_000


class DeviceController(QObject):
    """What kiosk and display share: backend, device login, re-login when the token dies."""

    demo_account = ""

    def __init__(self, settings: Settings, start_backend: Callable[[], tuple[str, str]],
                 tokens: TokenStore | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.tokens = tokens or TokenStore()
        self._start_backend = start_backend
        self.api = None
        self.health = None
        self.window = None
        self._logging_in = False
        # A task of the device's window that meets a dead token signs the device in again.
        self._expiry = session_expiry().sig_expired.connect(self.login)

    def start(self) -> None:
        screen = self.window.screen() or QApplication.primaryScreen()
        if screen is not None:  # kiosks often run with no window manager to honour full screen
            self.window.setGeometry(screen.geometry())
        self.window.showFullScreen()
        QTimer.singleShot(0, lambda: Task(self, self._start_backend, self._on_backend_started)
                          .failure(self._on_failed).run())

    def _on_backend_started(self, started: tuple[str, str]) -> None:
        from counter_app.client.api import ApiClient

        tokens = self.tokens
        self.api = ApiClient(started[0], timeout=self.settings.get(S.NETWORK_TIMEOUT),
                             ca_bundle=self.settings.get(S.CA_BUNDLE) or None,
                             allow_plain_http=self.settings.get(S.ALLOW_PLAIN_HTTP),
                             on_refreshed=keep_device_token(tokens))
        self.login()

    def login(self) -> None:
        if self.api is None or self._logging_in:
            return
        self._logging_in = True
        api, settings, tokens, account = self.api, self.settings, self.tokens, self.demo_account

        Task(self, lambda: sign_in_device(api, settings, tokens, account), self._on_logged_in) \
            .failure(self._on_failed, unauthorized=True).run()

    def _on_logged_in(self, health) -> None:
        self._logging_in = False
        self.health = health
        session_expiry().rearm()
        self.ready()

    def _on_failed(self, exc: BaseException) -> None:
        self._logging_in = False
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        log.error("%s: backend or login failed: %s", type(self).__name__, message)
        self.show_problem(f"Chưa kết nối được máy chủ: {message}")
        QTimer.singleShot(RELOGIN_MS, self._retry)

    def _retry(self) -> None:
        if self.api is None:
            Task(self, self._start_backend, self._on_backend_started) \
                .failure(self._on_failed).run()
        else:
            self.login()

    def ready(self) -> None:  # overridden
        pass

    def show_problem(self, text: str) -> None:  # overridden
        pass

    def shutdown(self) -> None:
        session_expiry().disconnect(self._expiry)
        window, self.window = self.window, None
        if window is not None and shiboken6.isValid(window):
            if hasattr(window, "release"):
                window.release()
            window.close()
            window.deleteLater()
        if self.api is not None:
            self.api.close()


class KioskController(DeviceController):
    demo_account = "kiosk1"

    def __init__(self, settings: Settings, start_backend: Callable[[], tuple[str, str]],
                 tokens: TokenStore | None = None, printer=None, pin_guard=None) -> None:
        super().__init__(settings, start_backend, tokens)
        from counter_app import paths
        from counter_app.client.queue import PendingVoids
        from counter_app.desk.printouts import load_printer_settings
        from counter_app.desk.tickets import TicketPrinter
        from ui.kiosk.kiosk_issuer import KioskIssuer
        from ui.kiosk.kiosk_window import KioskWindow

        self.printer = printer or TicketPrinter(
            load_printer_settings(settings.get(S.PRINTERS), "ticket"))
        self.issuer = KioskIssuer(self.printer, PendingVoids(paths.data_dir() / "kiosk_voids.json"),
                                  self)
        self.window = KioskWindow(self.issuer, settings.get(KIOSK_PIN_HASH), pin_guard=pin_guard)
        self.window.sig_admin_exit.connect(self._on_admin_exit)
        self.window.sig_pin_chosen.connect(self._on_pin_chosen)

    def ready(self) -> None:
        from counter_app.client.queue import QueueApi

        self.window.set_backend(QueueApi(self.api), self.health.office if self.health else None)

    def show_problem(self, text: str) -> None:
        if self.window is not None:
            self.window.show_connecting(text)

    def _on_pin_chosen(self, pin: str) -> None:
        settings = self.settings
        Task(self, lambda: save_pin(settings, pin) or settings.get(KIOSK_PIN_HASH),
             self._on_pin_saved).failure(self._on_pin_not_saved).run()

    def _on_pin_saved(self, pin_hash: str) -> None:
        log.info("kiosk admin PIN set (hash saved to %s)", self.settings.path)
        if self.window is not None:
            self.window.set_pin_hash(pin_hash)

    def _on_pin_not_saved(self, exc: BaseException) -> None:
        log.error("kiosk admin PIN not saved: %s", exc)
        if self.window is not None:
            self.window.pin_setup.show_error(
                "Không lưu được mã PIN vào tệp cấu hình; báo quản trị viên kiểm tra quyền ghi.")

    def _on_admin_exit(self) -> None:
        QApplication.instance().quit()

    def shutdown(self) -> None:
        super().shutdown()
        self.printer.close()


def run_kiosk(settings: Settings, start_backend: Callable[[], tuple[str, str]]) -> int:
    app = QApplication.instance()
    controller = KioskController(settings, start_backend)
    controller.start()
    try:
        return app.exec()
    finally:
        controller.shutdown()
