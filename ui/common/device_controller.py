"""What the kiosk and the lobby display share: the backend, the device's sign-in, and a new
sign-in when its token dies.

Demo backends sign in as kiosk1 or display1; a real office sets `device_username` and keeps
the password in the OS keyring (account "device:<username>", counter_app/desk/sign_in.py).
Device accounts have the roles kiosk/display: the backend lets them issue tickets, or read
the lobby feed, and nothing else. The device's session token is kept in the keyring too
(account "device-token:<username>"), apart from any clerk's token on the same PC.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from counter_app import settings as S
from counter_app.desk.sign_in import keep_device_token, sign_in_device
from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from ui.common.session_expiry import session_expiry
from ui.common.tasks import Task, describe

if TYPE_CHECKING:
    from counter_app.client.api import ApiClient
    from counter_app.client.models import Health

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
        self.api: ApiClient | None = None
        self.health: Health | None = None
        self.device_window: QWidget | None = None  # the subclass's window, for start/shutdown
        self._logging_in = False
        # A task of the device's window that meets a dead token signs the device in again.
        self._expiry = session_expiry().sig_expired.connect(self.login)

    def start(self) -> None:
        window = self.device_window
        if window is None:
            return
        screen = window.screen() or QApplication.primaryScreen()
        if screen is not None:  # kiosks often run with no window manager to honour full screen
            window.setGeometry(screen.geometry())
        window.showFullScreen()
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

    def _on_logged_in(self, health: Health) -> None:
        self._logging_in = False
        self.health = health
        session_expiry().rearm()
        if self.api is not None:
            self.ready(self.api)

    def _on_failed(self, exc: BaseException) -> None:
        self._logging_in = False
        message = describe(exc, f"{type(self).__name__}: backend or login failed")
        log.error("%s: backend or login failed: %s", type(self).__name__, message)
        self.show_problem(f"Chưa kết nối được máy chủ: {message}")
        QTimer.singleShot(RELOGIN_MS, self._retry)

    def _retry(self) -> None:
        if self.api is None:
            Task(self, self._start_backend, self._on_backend_started) \
                .failure(self._on_failed).run()
        else:
            self.login()

    def ready(self, api: ApiClient) -> None:  # overridden
        pass

    def show_problem(self, text: str) -> None:  # overridden
        pass

    def shutdown(self) -> None:
        session_expiry().disconnect(self._expiry)
        window, self.device_window = self.device_window, None
        if window is not None and shiboken6.isValid(window):
            window.close()
            window.deleteLater()
        if self.api is not None:
            self.api.close()
