"""Message boxes that show their text literally.

QMessageBox's static helpers use Qt.AutoText: a server error or an applicant's name that
looks like HTML ("<b>…</b>", "<img src=…>") would be rendered. Every message box in ui/
is built here, with Qt.TextFormat.PlainText.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
                buttons: Button = Button.Ok, default: Button = Button.NoButton) -> QMessageBox:
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if default != Button.NoButton:
        box.setDefaultButton(default)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """Modal warning with an OK button."""
    message_box(parent, QMessageBox.Icon.Warning, title, text).exec()


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """Modal Yes/No question; True for Yes."""
    box = message_box(parent, QMessageBox.Icon.Question, title, text,
                      Button.Yes | Button.No, Button.No)
    return box.exec() == Button.Yes
