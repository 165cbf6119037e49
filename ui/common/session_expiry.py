"""The one place that says "the clerk's session is over": every window's tasks report an
expired session here, and the app (ui/app.py, the kiosk and display apps) listens once.

However many windows or tasks hit a 401 together, the app hears it once: the first report
sends it back to its login, the others find the door already closed. A new login opens it
again (`rearm`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Signal

log = logging.getLogger(__name__)


class SessionExpiry(QObject):
    sig_expired = Signal()
    """The session is over: go back to the login window (emitted once per session)."""

    def __init__(self) -> None:
        super().__init__()
        self._armed = True

    def report(self) -> None:
        """A task saw the session expire; runs on the UI thread (tasks deliver there)."""
        if not self._armed:
            log.debug("session expiry already reported")
            return
        self._armed = False
        log.info("session expired; back to login")
        self.sig_expired.emit()

    def rearm(self) -> None:
        """A new session started: its own expiry must be heard again."""
        self._armed = True


_instance: SessionExpiry | None = None


def session_expiry() -> SessionExpiry:
    """The app's one SessionExpiry, made on first use and kept on the UI thread."""
    global _instance
    if _instance is None:
        _instance = SessionExpiry()
        app = QCoreApplication.instance()
        if app is not None:
            _instance.moveToThread(app.thread())
    return _instance
