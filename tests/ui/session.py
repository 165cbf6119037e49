"""A logged-in AppContext against a real backend, for windows tested on their own, and the
teardown that deletes a window on the UI thread (never left to the garbage collector)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from counter_app.client.api import ApiClient
from counter_app.settings import Settings
from counter_app.token_store import TokenStore


def logged_in_context(base_url: str, username: str, tmp_path):
    from printing.settings import PrinterSettings
    from ui.common.context import AppContext
    from ui.printers.receipt_printer import ReceiptPrinter

    api = ApiClient(base_url)
    session = api.login(username, username)
    return AppContext(api=api, settings=Settings(tmp_path / "settings.json"),
                      tokens=TokenStore(use_keyring=False),
                      receipts=ReceiptPrinter(PrinterSettings()), health=api.health(),
                      session=session, backend_label="kiểm thử")


def close_window(window) -> None:
    ctx = window.ctx
    window.close_quietly() if hasattr(window, "close_quietly") else window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()
    ctx.receipts.close()
    ctx.api.close()
