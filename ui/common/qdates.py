"""Python dates to and from the date pickers' QDate, typed both ways."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())
