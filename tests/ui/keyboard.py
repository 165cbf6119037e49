"""Type text the way a keyboard-wedge scanner does, Vietnamese letters included.

QTest.keyClicks only knows Latin-1, so each character goes as a real QKeyEvent through
QApplication (application event filters see it, as they do for hardware keys).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def _key(ch: str) -> int:
    if ch.isascii() and ch.isalnum():
        return ord(ch.upper())
    if ch == " ":
        return Qt.Key.Key_Space.value
    if ch == "|":
        return Qt.Key.Key_Bar.value
    return Qt.Key.Key_unknown.value


def type_text(target: QWidget, text: str) -> None:
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, _key(ch), Qt.KeyboardModifier.NoModifier, ch))


def press_enter(target: QWidget) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(
            target, QKeyEvent(kind, Qt.Key.Key_Return.value, Qt.KeyboardModifier.NoModifier, "\r"))


def scan(window: QWidget, payload: str) -> None:
    target = QApplication.focusWidget() or window
    type_text(target, payload)
    press_enter(target)
