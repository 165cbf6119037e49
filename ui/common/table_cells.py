"""Typed reads of a QTableWidget's cells: the item or the editor widget the page put there
(Qt answers None or a bare QWidget, so each page would otherwise check it again)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWidget

W = TypeVar("W", bound=QWidget)


def cell_item(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    found = table.item(row, column)
    if found is None:
        raise LookupError(f"{table.objectName() or 'table'}: no item at row {row}, column {column}")
    return found


def cell_widget(table: QTableWidget, row: int, column: int, kind: type[W]) -> W:
    found = table.cellWidget(row, column)
    if not isinstance(found, kind):
        raise LookupError(f"{table.objectName() or 'table'}: no {kind.__name__} at row {row}, "
                          f"column {column}")
    return found
