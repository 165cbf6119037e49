"""Catch keyboard-wedge scanner input anywhere in a window.

Keys still reach the focused widget (a clerk typing a phone number must not notice the
filter). When a burst turns out to be a scan (a CCCD payload, or the tracking URL on a
receipt's QR), the text it typed into a line edit is rolled back to what was there before
the burst, and the payload is emitted. A burst at scanner speed that is no payload is
rolled back too, and reported as a failed scan.

Speed comes only from the key events' own timestamps (the moment the OS saw the key): a
UI thread busy for a moment must not make a person's queued keys look like a scanner.
Events without one (synthesised) are timed by the injected clock to split bursts, but
never judged by speed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from counter_app.scanner import SCAN_FAILED, ScanDetector


class ScannerFilter(QObject):
    sig_scanned = Signal(str)
    """A complete scanner payload arrived (raw text, not yet validated)."""
    sig_scan_failed = Signal(str)
    """A scanner-speed burst was no payload; its keys were taken back (Vietnamese message)."""

    def __init__(self, window: QWidget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self._window = window
        self.clock = clock
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
        stamp = key_event.timestamp()
        now = stamp / 1000 if stamp else self.clock()
        if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            burst = self._detector.end(now)
            if burst.payload is not None:
                self._roll_back()
                self.sig_scanned.emit(burst.payload)
                return True  # the Enter belongs to the scanner, not to a default button
            if burst.failed:
                self._roll_back()
                self.sig_scan_failed.emit(SCAN_FAILED)
                return True
            self._snapshot = None
            return False
        text = key_event.text()
        if text and text.isprintable():
            timed = bool(stamp) and not key_event.isAutoRepeat()
            if self._detector.key(text, now, timed=timed):
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
