"""The counter application's flow: login window first, then the clerk's window.

main.py hands in how to reach the backend (`start_backend` returns a base URL, starting
the embedded one if needed); everything slow happens on pool threads so the login window
paints at once and stays responsive.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer

from counter_app import settings as S
from counter_app.client import errors
from counter_app.desk.offline_start import (
    NO_OFFLINE_SESSION,
    RETRY_MS,
    keep_refreshed,
    offline_session,
)
from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from ui.common.session_expiry import session_expiry
from ui.common.tasks import Task, describe, logged
from ui.login.login_window import LoginWindow

if TYPE_CHECKING:
    from counter_app.client.api import ApiClient
    from counter_app.client.models import Health, Session
    from counter_app.client.reception import ReceptionService

log = logging.getLogger(__name__)


class CounterController(QObject):
    def __init__(self, settings: Settings, start_backend: Callable[[], tuple[str, str]],
                 tokens: TokenStore | None = None, *, offline_resume: bool = False) -> None:
        super().__init__()
        self.settings = settings
        # A configured office backend that does not answer: reopen the saved session
        # (counter_app/desk/offline_start.py). Never for the embedded one.
        self.offline_resume = offline_resume
        self.reception: ReceptionService | None = None  # one (and one outbox) for the run
        self._resume_allowed = True
        self.tokens = tokens or TokenStore()
        self._start_backend = start_backend
        self.api: ApiClient | None = None
        self.health: Health | None = None
        self.backend_label = ""
        self.window = None
        self.trust = None  # the "trust the office CA?" question: asked once per run
        self.receipts = None
        self.login = LoginWindow(settings.get(S.LAST_USERNAME))
        self.login.sig_login_requested.connect(self._on_login_requested)
        # Any window's task that meets an expired session lands here, once per session.
        self._expiry = session_expiry().sig_expired.connect(self._on_session_expired)

    def start(self) -> None:
        self.login.show()
        # Started from the event loop so the login window paints before anything else.
        QTimer.singleShot(0, self._start_backend_in_background)

    def _start_backend_in_background(self) -> None:
        Task(self, self._start_backend, self._on_backend_started) \
            .failure(self._on_backend_failed).run()

    # -- backend ----------------------------------------------------------------------------

    def _on_backend_started(self, started: tuple[str, str]) -> None:
        from counter_app.client.api import ApiClient  # httpx costs ~80 ms: after the first paint

        base_url, self.backend_label = started
        tokens = self.tokens
        self.api = ApiClient(
            base_url,
            timeout=self.settings.get(S.NETWORK_TIMEOUT),
            ca_bundle=self.settings.get(S.CA_BUNDLE) or None,
            allow_plain_http=self.settings.get(S.ALLOW_PLAIN_HTTP),
            # Runs on the pool thread that refreshed: the keyring keeps the live token, so
            # a restart resumes with it and not with the revoked one.
            # …and the new expiry on disk for an offline start (counter_app/desk/offline_start.py).
            on_refreshed=keep_refreshed(tokens),
        )
        self._check_health()

    def _check_health(self) -> None:
        # A retry timer can outlive shutdown(): the login window is gone by then.
        if self.api is not None and shiboken6.isValid(self.login):
            Task(self, self.api.health, self._on_health).failure(self._on_health_failed).run()

    def _on_health_failed(self, exc: BaseException) -> None:
        self._on_backend_failed(exc)
        if (isinstance(exc, errors.UnknownCa) and self.window is None and self.trust is None
                and self.api is not None):
            from ui.login.trust_server import TrustServer  # first contact with the office CA

            base_url, label = self.api.base_url, self.backend_label
            self.trust = TrustServer(self.login, base_url, self.settings,
                                     lambda: self._on_backend_started((base_url, label)))
            self.trust.start()
        if self.window is not None:
            return  # the counter window watches the backend itself
        QTimer.singleShot(RETRY_MS, self._check_health)  # the login window comes back alone
        if self.offline_resume and isinstance(exc, errors.Unreachable | errors.Timeout):
            tokens, username = self.tokens, self.settings.get(S.LAST_USERNAME)
            Task(self, lambda: offline_session(tokens, username), self._on_offline_session) \
                .failure(lambda e: log.error("offline start failed", exc_info=e)).run()

    def _on_offline_session(self, found) -> None:
        if found is None:
            self.login.status.setText(self.login.status.text() + NO_OFFLINE_SESSION)
            return
        if self.window is not None:
            return
        session, self.health = found
        if self.api is not None:
            self.api.token = session.token  # used again once the backend is back
        self._on_logged_in(session)

    def _on_backend_failed(self, exc: BaseException) -> None:
        message = describe(exc, "backend not available")
        log.error("backend not available: %s", message)
        self.login.set_backend_failed(f"Không kết nối được máy chủ: {message}")

    def _on_health(self, health: Health) -> None:
        from counter_app.client.offline_session import save_health

        self.health = health
        self.login.set_backend_ready(health, self.backend_label)
        Task(self, lambda: save_health(health), lambda _r: None) \
            .failure(lambda exc: log.warning("could not save office details: %s", exc)).run()
        if self.window is not None:
            return  # opened offline meanwhile: that window takes it from here
        if health.demo and self.api is not None:
            Task(self, self.api.demo_accounts, self.login.show_demo_accounts) \
                .failure(lambda exc: log.warning("demo accounts unavailable: %s", exc)).run()
        self._try_resume()

    def _try_resume(self) -> None:
        """A token still in the keyring from the last run opens the counter without a password."""
        username = self.settings.get(S.LAST_USERNAME)
        api, tokens = self.api, self.tokens
        if not username or not self._resume_allowed or api is None:
            return

        def resume() -> Session | None:  # keyring and network: both off the UI thread
            token = tokens.get(username)
            if not token:
                return None
            return api.resume(token)  # a new token (kept by on_refreshed) and its expiry

        Task(self, resume, lambda s: s is not None and self._on_logged_in(s)) \
            .failure(self._on_resume_failed, unauthorized=True).run()

    def _on_resume_failed(self, exc: BaseException) -> None:
        if self.api is not None:
            self.api.token = None
        if isinstance(exc, errors.Unauthorized):
            username, tokens = self.settings.get(S.LAST_USERNAME), self.tokens
            Task(self, lambda: tokens.delete(username), lambda _r: None) \
                .failure(logged("could not forget the dead token")).run()

    # -- login / logout ---------------------------------------------------------------------

    def _on_login_requested(self, username: str, password: str, code: str = "") -> None:
        api = self.api
        if api is None:
            return
        Task(self, lambda: api.login(username, password, code or None),
             self._on_logged_in) \
            .failure(self.login.show_error, unauthorized=True).run()

    def _on_logged_in(self, session: Session) -> None:
        from counter_app.desk.printouts import load_printer_settings
        from ui.common.context import AppContext
        from ui.counter.counter_window import CounterWindow
        from ui.printers.receipt_printer import ReceiptPrinter

        api = self.api
        if api is None:
            raise RuntimeError("signed in before the backend answered")
        username = session.user.username
        self.settings.set(S.LAST_USERNAME, username)
        tokens, settings = self.tokens, self.settings

        def remember() -> None:  # keyring and disk I/O stay off the UI thread
            tokens.set(username, session.token)
            keep_refreshed(tokens)(session)  # the expiry, for an offline start
            try:
                settings.save()
            except OSError as exc:  # a full disk must not stop the counter
                log.error("could not save settings: %s", exc)

        Task(self, remember, lambda _r: None).failure(logged("could not remember the session")).run()
        self.login.logged_in(session)
        session_expiry().rearm()
        if self.receipts is None:
            self.receipts = ReceiptPrinter(
                load_printer_settings(self.settings.get(S.PRINTERS), "receipt"))
        if self.reception is None:
            from counter_app.client.reception import ReceptionService

            self.reception = ReceptionService(api)
        ctx = AppContext(api=api, settings=self.settings, tokens=self.tokens,
                         receipts=self.receipts, health=self.health, session=session,
                         backend_label=self.backend_label, reception=self.reception)
        self.window = CounterWindow(ctx)
        self.window.sig_logout_requested.connect(self.logout)
        self.window.showMaximized()
        self.login.hide()

    def logout(self) -> None:
        username, tokens, api = self.settings.get(S.LAST_USERNAME), self.tokens, self.api

        def forget() -> None:
            # Local first: the keyring is cleared even when the backend cannot be reached
            # to revoke the token; end_session waits for a refresh under way, so no newer
            # token is written to the keyring after this delete.
            token = api.end_session() if api is not None else None
            if username:
                tokens.delete(username)
            if token and api is not None:
                api.revoke(token)

        Task(self, forget, lambda _r: None) \
            .failure(lambda exc: log.info("logout on server failed: %s", exc),
                     unauthorized=True).run()
        if self.window is not None:
            self.window.close_quietly()
            self.window.deleteLater()
            self.window = None
        self.login.password.clear()
        self.login.show()
        self._resume_allowed = False  # the clerk left: the keyring token must not reopen it
        if not self.login.login_button.isEnabled():
            self._check_health()  # opened offline: the login window needs the backend now

    def _on_session_expired(self) -> None:
        if self.window is not None:
            self.logout()

    def shutdown(self) -> None:
        session_expiry().disconnect(self._expiry)
        # Delete the windows here, on the UI thread: left to Python's garbage collector
        # they could be destroyed from whichever thread happens to run it (a crash).
        if self.window is not None and shiboken6.isValid(self.window):
            self.window.close_quietly()  # the app is going: the clerk was asked already
        for window in (self.window, self.login):
            if window is not None and shiboken6.isValid(window):
                window.close()
                window.deleteLater()
        self.window = None
        if self.receipts is not None:
            self.receipts.close()
        if self.reception is not None:
            self.reception.close()
        if self.api is not None:
            self.api.close()
