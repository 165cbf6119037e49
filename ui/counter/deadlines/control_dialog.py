"""Form 06 on screen: the trail of hand-overs with early / on time / late, and "In"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.dossier_timeline import ControlSheet
from counter_app.domain.clock import in_office_time
from counter_app.domain.deadlines import HANDOVER_RESULT
from ui.common.plain_label import PlainLabel
from ui.common.style import BAD, OK

COLUMNS = ["Bên giao", "Bên nhận", "Thời gian giao", "Hạn của bước", "Kết quả", "Người giao",
           "Ghi chú"]


class ControlDialog(QDialog):
    def __init__(self, sheet: ControlSheet, on_print: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Phiếu kiểm soát quá trình giải quyết hồ sơ {sheet.code}")
        head = PlainLabel(
            f"{sheet.procedure}\nCơ quan giải quyết: {sheet.resolving_agency}"
            + (f" · Cơ quan phối hợp: {', '.join(sheet.cooperating_units)}"
               if sheet.cooperating_units else "")
            + f"\nTiếp nhận: {in_office_time(sheet.received_at):%H:%M %d/%m/%Y} · Hẹn trả: "
              f"{in_office_time(sheet.due_at):%H:%M %d/%m/%Y} · Đang ở: "
              f"{sheet.current_unit or '—'}")
        head.setWordWrap(True)
        self.table = QTableWidget(len(sheet.rows), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, r in enumerate(sheet.rows):
            result = HANDOVER_RESULT.get(r.result or "", "—")
            cells = [r.from_unit, r.to_unit, f"{in_office_time(r.at):%H:%M %d/%m/%Y}",
                     f"{in_office_time(r.due_by):%H:%M %d/%m/%Y}" if r.due_by else "—",
                     result, r.by, r.note or ""]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 4 and r.result:
                    item.setForeground(self._color(r.result))
                self.table.setItem(i, j, item)
        self.empty = PlainLabel("Chưa có lần chuyển nào giữa các đơn vị.")
        self.empty.setVisible(not sheet.rows)
        self.print_button = QPushButton("In phiếu kiểm soát (Mẫu 06)")
        self.print_button.clicked.connect(on_print)
        close = QPushButton("Đóng")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.resize(1000, 420)

    @staticmethod
    def _color(result: str):
        from PySide6.QtGui import QBrush, QColor

        return QBrush(QColor(BAD if result == "late" else OK))

    def results(self) -> list[str]:
        return [(self.table.item(i, 4) or QTableWidgetItem()).text()
                for i in range(self.table.rowCount())]
