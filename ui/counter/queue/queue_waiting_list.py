"""The counter's waiting list in calling order, with waiting times that tick every second.

The tick only rewrites the time cells from the issue times already held: no I/O.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from counter_app.client.queue import Ticket
from counter_app.domain.clock import office_now
from ui.common.shortcuts import shortcut
from ui.common.style import WARN

COLUMNS = ("Số", "Dịch vụ", "Ưu tiên", "Đã chờ")
TIME_COLUMN = 3


def waited_text(since: datetime, now: datetime | None = None) -> str:
    seconds = max(0, int(((now or office_now()) - since).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class WaitingList(QTableWidget):
    sig_call_requested = Signal(object)
    """The clerk chose a ticket to call out of order (Ticket)."""

    def __init__(self, parent=None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.tickets: list[Ticket] = []
        self.setHorizontalHeaderLabels(COLUMNS)
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setAccessibleName("Danh sách chờ")
        for key in ("Return", "Enter"):
            shortcut(self, key, self._on_enter, Qt.ShortcutContext.WidgetShortcut,
                     "Gọi ngay số đang chọn trong danh sách chờ")
        self.doubleClicked.connect(lambda _i: self._on_enter())
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start(1000)

    def set_tickets(self, tickets: list[Ticket]) -> None:
        selected = self.selected()
        self.tickets = list(tickets)
        self.setRowCount(len(tickets))
        now = office_now()
        for row, t in enumerate(tickets):
            number = QTableWidgetItem(t.number)
            font = number.font()
            font.setBold(True)
            number.setFont(font)
            service = t.service_name
            if t.transferred_from:
                service += f" (chuyển từ {t.transferred_from})"
            priority = QTableWidgetItem(t.priority_label or "")
            if t.priority:
                priority.setForeground(QColor(WARN))
            waited = QTableWidgetItem(waited_text(t.issued_at, now))
            waited.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for col, item in enumerate((number, QTableWidgetItem(service), priority, waited)):
                self.setItem(row, col, item)
        if selected is not None:
            for row, t in enumerate(tickets):
                if t.id == selected.id:
                    self.selectRow(row)

    def selected(self) -> Ticket | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        if not rows or rows[0].row() >= len(self.tickets):
            return None
        return self.tickets[rows[0].row()]

    def _on_enter(self) -> None:
        ticket = self.selected()
        if ticket is not None:
            self.sig_call_requested.emit(ticket)

    def _on_tick(self) -> None:
        now = office_now()
        for row, t in enumerate(self.tickets):
            item = self.item(row, TIME_COLUMN)
            if item is not None:
                item.setText(waited_text(t.issued_at, now))

    def stop(self) -> None:
        self._tick.stop()
