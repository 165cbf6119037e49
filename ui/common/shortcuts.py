"""Keyboard shortcuts, created and connected in one call (PySide6's `activated=` keyword is
not in its type stubs, and the clerk's keys are listed by Trợ giúp from `whatsThis`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def shortcut(parent: QWidget, keys: str, slot: Callable[[], object],
             context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
             what: str = "") -> QShortcut:
    made = QShortcut(QKeySequence(keys), parent)
    made.setContext(context)
    made.activated.connect(slot)
    if what:
        made.setWhatsThis(what)
    return made
