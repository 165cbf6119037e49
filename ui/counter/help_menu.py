"""The counter window's Trợ giúp menu: keyboard shortcuts, a one-page first-day guide in
Vietnamese (resources/help/first_day_vi.md) and Giới thiệu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import resources
from ui.common.dialogs import message_box

GUIDE = resources.path("help", "first_day_vi.md")


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


class GuideDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hướng dẫn ngày đầu tiên")
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setMarkdown(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(720, 620)


def about_text(ctx) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        app_version = version("counter-app")
    except PackageNotFoundError:
        app_version = "chưa cài đặt"
    office = ctx.health.office.name if ctx.health and ctx.health.office else "—"
    return (f"Một cửa — phần mềm quầy tiếp nhận và trả kết quả\nPhiên bản {app_version}\n\n"
            f"Cơ quan: {office}\nMáy chủ: {ctx.backend_label or ctx.api.base_url}")


def add_help_menu(window: QMainWindow, ctx) -> QAction:
    """Adds Trợ giúp to the window's menu bar; returns the shortcuts action (F1)."""
    menu = window.menuBar().addMenu("Trợ giúp")
    keys = QAction("Phím tắt…", window)
    keys.setShortcut(QKeySequence("F1"))
    keys.triggered.connect(lambda: _show(window, "shortcuts_dialog", _shortcuts(window)))
    guide = QAction("Hướng dẫn ngày đầu tiên…", window)
    # The file is a few kilobytes shipped with the app, read when the clerk asks.
    guide.triggered.connect(lambda: _show(window, "guide_dialog",
                                          GuideDialog(guide_text(), window)))
    about = QAction("Giới thiệu…", window)
    about.triggered.connect(lambda: _show(window, "about_box", _about(window, ctx)))
    menu.addActions([keys, guide, about])
    return keys


def _shortcuts(window: QWidget) -> QDialog:
    from ui.counter.help_shortcuts import ShortcutsDialog

    return ShortcutsDialog(window)


def _about(window: QWidget, ctx) -> QMessageBox:
    # plain text: the office name comes from the server
    return message_box(window, QMessageBox.Icon.Information, "Giới thiệu", about_text(ctx),
                       QMessageBox.StandardButton.Close)


def _show(window: QWidget, name: str, dialog: QDialog) -> None:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    setattr(window, name, dialog)
    dialog.show()
