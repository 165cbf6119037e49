"""Emptying a layout before it is filled again (Qt leaves the widgets alive otherwise)."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout


def clear_layout(layout: QLayout) -> None:
    while layout.count():
        entry = layout.takeAt(0)
        widget = entry.widget() if entry is not None else None  # a stretch has none
        if widget is not None:
            widget.deleteLater()
