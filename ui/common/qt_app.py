"""The running QApplication, typed (Qt answers a QCoreApplication or None)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def running_app() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("main.py creates the QApplication before any window")
    return app
