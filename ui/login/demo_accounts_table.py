"""Demo mode: the sample accounts under the login form, one click fills the form."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from counter_app.client.models import DemoAccount
from ui.common.plain_label import PlainLabel

ROLE_NAMES = {"clerk": "Cán bộ một cửa", "supervisor": "Giám sát", "admin": "Quản trị"}


class DemoAccountsTable(QWidget):
    sig_picked = Signal(object)
    """The person clicked a demo account (DemoAccount)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._accounts: list[DemoAccount] = []
        title = PlainLabel("Chế độ trình diễn — tài khoản mẫu (bấm để điền):")
        title.setObjectName("hint")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Tài khoản", "Mật khẩu", "Vai trò"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellClicked.connect(lambda row, _col: self.sig_picked.emit(self._accounts[row]))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.table)
        outer = parent.layout() or QVBoxLayout(parent)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self)

    def set_accounts(self, accounts: list[DemoAccount]) -> None:
        self._accounts = list(accounts)
        self.table.setRowCount(len(accounts))
        for row, acc in enumerate(accounts):
            for col, text in enumerate((acc.username, acc.password,
                                        ROLE_NAMES.get(acc.role, acc.role))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.setFixedHeight(32 + 30 * min(len(accounts), 6))
