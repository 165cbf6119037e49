"""Answer modal message boxes in a test: a box's exec() runs its own event loop, so a
timer polls for it, keeps what it showed, and presses a button."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox


class MessageBoxes:
    def __init__(self, answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok) -> None:
        self.answer = answer
        self.shown: list[tuple[str, Qt.TextFormat]] = []  # (text, format of its label)
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._on_poll)
        self._timer.start()

    def _on_poll(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                label = widget.findChild(QLabel, "qt_msgbox_label")
                self.shown.append((widget.text(), label.textFormat()))
                widget.button(self.answer).click()

    def stop(self) -> None:
        self._timer.stop()
