"""Labels that show their text exactly as given.

A QLabel left at Qt.AutoText renders any text that looks like HTML: an applicant named
"<b>X</b>", a server message with "<a href=…>" or "<img src=…>" from a CCCD QR would be
drawn as markup (a link, a picture fetched by path). Text from a QR, the server or a
person goes into a PlainLabel; the few labels that want bold words build them with
markup(), which escapes every value.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class PlainLabel(QLabel):
    """A QLabel whose text is never read as HTML."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)


def markup(template: str, *values: object) -> str:
    """Trusted HTML `template` with every `{}` filled by an escaped value."""
    return template.format(*(html.escape(str(v)) for v in values))


def rich_label(html_text: str, parent: QWidget | None = None) -> QLabel:
    """A label for markup() output: rich text on purpose, never by Qt's guess."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(html_text)
    return label


def plain_tip(text: str) -> str:
    """A tooltip that shows `text` literally (Qt guesses HTML for tooltips too)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
