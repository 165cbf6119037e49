"""Catch keyboard-wedge scanner input anywhere in a window.

Keys still reach the focused widget (a clerk typing a phone number must not notice the
filter). When a burst turns out to be a scan (a CCCD payload, or the tracking URL on a
receipt's QR), the text it typed into a line edit is rolled back to what was there before
the burst, and the payload is emitted.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from counter_app.scanner import ScanDetector


class ScannerFilter(QObject):
    sig_scanned = Signal(str)
    """A complete scanner payload arrived (raw text, not yet validated)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._detector = ScanDetector()
        self._snapshot: tuple[QWidget, str, int] | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, QWidget):
            return False
        if obj.window() is not self._window:
            return False
        # A key a widget ignores is offered to its parents too; count it once, at the
        # widget it was sent to.
        focus = QApplication.focusWidget()
        if obj is not (focus if focus is not None else self._window):
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        now = time.monotonic()
        if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            payload = self._detector.enter(now)
            if payload is not None:
                self._roll_back()
                self.sig_scanned.emit(payload)
                return True  # the Enter belongs to the scanner, not to a default button
            self._snapshot = None
            return False
        text = key_event.text()
        if text and text.isprintable():
            if self._detector.key(text, now):
                self._take_snapshot()
        return False

    def _take_snapshot(self) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            self._snapshot = (focus, focus.text(), focus.cursorPosition())
        elif isinstance(focus, QPlainTextEdit):
            self._snapshot = (focus, focus.toPlainText(), 0)
        else:
            self._snapshot = None

    def _roll_back(self) -> None:
        snap, self._snapshot = self._snapshot, None
        if snap is None:
            return
        widget, text, cursor = snap
        if isinstance(widget, QLineEdit):
            widget.setText(text)
            widget.setCursorPosition(cursor)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(text)
