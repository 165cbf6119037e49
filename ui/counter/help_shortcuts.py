"""Trợ giúp → Phím tắt: every key the counter window answers to, read from the window's own
actions and shortcuts when the dialog opens, so the list cannot drift from the program."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

UNDESCRIBED = "(chưa có mô tả)"


@dataclass(frozen=True)
class Key:
    where: str
    keys: str
    what: str


def _text(key: QKeySequence) -> str:
    return key.toString(QKeySequence.SequenceFormat.PortableText)


def _clean(label: str) -> str:
    return re.sub(r"\s*\([^()]*\)\s*$", "", label.replace("&", "")).strip()


def _menu_of(action: QAction) -> str:
    menus = [o for o in action.associatedObjects() if isinstance(o, QMenu)]
    return _clean(menus[0].title()) if menus else "Cửa sổ"


def _page_of(widget, window: QWidget) -> str:
    """A shortcut on a tab page or in a panel is listed under that page's or panel's name."""
    child = widget if isinstance(widget, QWidget) else None
    while child is not None and child is not window:
        parent = child.parentWidget()
        tabs = parent.parentWidget() if parent is not None else None
        if isinstance(tabs, QTabWidget) and tabs.indexOf(child) >= 0:
            return _clean(tabs.tabText(tabs.indexOf(child)))
        if isinstance(child, QDockWidget):
            return child.windowTitle()
        child = parent
    return "Cửa sổ"


def _describe(shortcut: QShortcut, keys: str) -> str:
    """A QShortcut says what it does in whatsThis, or through the button that shows its key,
    e.g. "Xác thực (F5)"."""
    if shortcut.whatsThis():
        return shortcut.whatsThis()
    page = shortcut.parent()
    for button in page.findChildren(QAbstractButton) if isinstance(page, QWidget) else ():
        if f"({keys})" in button.text():
            return _clean(button.text())
    return UNDESCRIBED


def window_keys(window: QWidget) -> list[Key]:
    found: dict[tuple[str, str], Key] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = _text(key)
            if text:
                found.setdefault((_menu_of(action), text), Key(_menu_of(action), text,
                                                               _clean(action.text())))
    for shortcut in window.findChildren(QShortcut):
        text = _text(shortcut.key())
        if text:
            where = _page_of(shortcut.parent(), window)
            found.setdefault((where, text), Key(where, text, _describe(shortcut, text)))
    return sorted(found.values(), key=lambda k: (k.where, k.keys))


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setWindowTitle("Phím tắt")
        self.keys = window_keys(window)
        self.table = QTableWidget(len(self.keys), 3)
        self.table.setHorizontalHeaderLabels(["Ở đâu", "Phím", "Việc"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, key in enumerate(self.keys):
            for col, value in enumerate((key.where, key.keys, key.what)):
                self.table.setItem(row, col, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)
