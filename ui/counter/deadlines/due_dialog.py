""""Sắp đến hạn / Quá hạn": the office's dossiers still with the agencies that are late or
due within 2 working days, the most urgent first, with what the clerk may do about each
(forms 04, 05, 06). Supervisors see the same list; the backend decides who may act."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
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

from counter_app.client.dossier_timeline import DueItem, TimelineApi
from counter_app.client.dossiers import DossierApi
from counter_app.client.models import Dossier
from counter_app.domain.clock import in_office_time
from counter_app.domain.deadlines import DEADLINE_STATE
from counter_app.domain.labels import DOSSIER_STATUS, label
from counter_app.domain.privacy import mask_name
from ui.common.context import AppContext
from ui.common.plain_label import PlainLabel
from ui.common.style import BAD, MUTED, WARN
from ui.common.tasks import Task, describe
from ui.counter.deadlines.actions import DossierActions

COLUMNS = ["Tình trạng", "Hẹn trả", "Mã hồ sơ", "Thủ tục", "Người nộp", "Trạng thái",
           "Đang ở", "Đã hẹn lại"]


class DueListDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._api = TimelineApi(ctx.api)
        self._dossiers = DossierApi(ctx.api)
        self.items: list[DueItem] = []
        self.setWindowTitle("Hồ sơ sắp đến hạn và quá hạn")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.summary = PlainLabel("Đang tải…")
        self.status = PlainLabel("")
        self.status.setStyleSheet(f"color: {MUTED};")
        self.status.setWordWrap(True)
        self.dossier_actions = DossierActions(ctx, self)
        self.dossier_actions.sig_changed.connect(lambda _d: self.load())
        self.dossier_actions.sig_message.connect(self.status.setText)
        refresh = QPushButton("Làm mới (F5)")
        refresh.setShortcut("F5")
        refresh.clicked.connect(self.load)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.dossier_actions)
        layout.addWidget(self.status)
        self.resize(1280, 560)
        self.load()

    def load(self) -> None:
        Task(self, self._api.due, self._show).failure(
            lambda exc: self.summary.setText(describe(exc))).run()

    def _show(self, items: list[DueItem]) -> None:
        keep = self.dossier_actions.dossier.code if self.dossier_actions.dossier else None
        self.items = items
        overdue = sum(1 for i in items if i.state == "overdue")
        self.summary.setText(f"{overdue} hồ sơ quá hạn · {len(items) - overdue} hồ sơ sắp đến "
                             "hạn (trong 2 ngày làm việc)" if items else
                             "Không có hồ sơ nào sắp đến hạn hoặc quá hạn.")
        self.table.setRowCount(len(items))
        for row, it in enumerate(items):
            cells = [DEADLINE_STATE.get(it.state, it.state),
                     f"{in_office_time(it.due_at):%H:%M %d/%m/%Y}", it.code, it.procedure,
                     mask_name(it.applicant_name), label(DOSSIER_STATUS, it.status),
                     it.current_unit or "", "Có" if it.extensions else ""]
            color = QBrush(QColor(BAD if it.state == "overdue" else WARN))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setForeground(color)
                self.table.setItem(row, col, item)
        codes = [i.code for i in items]
        if keep in codes:
            self.table.selectRow(codes.index(keep))
        else:
            self.dossier_actions.set_dossier(None)

    def codes(self) -> list[str]:
        return [i.code for i in self.items]

    def select(self, code: str) -> None:
        self.table.selectRow(self.codes().index(code))

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.dossier_actions.set_dossier(None)
            return
        code = self.items[rows[0].row()].code
        Task(self, lambda: self._dossiers.by_code(code), self._loaded).run()

    def _loaded(self, d: Dossier) -> None:
        self.dossier_actions.set_dossier(d)
