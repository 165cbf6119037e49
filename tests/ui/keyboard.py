"""Type text the way a keyboard-wedge scanner does, Vietnamese letters included.

QTest.keyClicks only knows Latin-1, so each character goes as a real QKeyEvent through
QApplication (application event filters see it, as they do for hardware keys).
With a KeyClock the events carry timestamps, as hardware keys do: the scanner filter
judges typing speed from them, so a test chooses the speed without sleeping.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


class KeyClock:
    """Milliseconds for synthetic key events; far past any earlier time the filter saw."""

    def __init__(self, start_ms: int = 10**12) -> None:
        self.ms = start_ms

    def advance(self, gap_ms: int) -> int:
        self.ms += gap_ms
        return self.ms


def _key(ch: str) -> int:
    if ch.isascii() and ch.isalnum():
        return ord(ch.upper())
    if ch == " ":
        return Qt.Key.Key_Space.value
    if ch == "|":
        return Qt.Key.Key_Bar.value
    return Qt.Key.Key_unknown.value


def _send(target: QWidget, key: int, ch: str, stamp: int | None) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
        if stamp is not None:
            event.setTimestamp(stamp)
        QApplication.sendEvent(target, event)


def type_text(target: QWidget, text: str, clock: KeyClock | None = None,
              gap_ms: int = 10) -> None:
    for ch in text:
        _send(target, _key(ch), ch, clock.advance(gap_ms) if clock else None)


def press_enter(target: QWidget, clock: KeyClock | None = None, gap_ms: int = 10) -> None:
    _send(target, Qt.Key.Key_Return.value, "\r", clock.advance(gap_ms) if clock else None)


def scan(window: QWidget, payload: str, clock: KeyClock | None = None,
         gap_ms: int = 10) -> None:
    target = QApplication.focusWidget() or window
    type_text(target, payload, clock, gap_ms)
    press_enter(target, clock, gap_ms)
