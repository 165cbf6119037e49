"""Dossiers waiting on this PC and the ones the backend refused, with its Vietnamese reason.

The clerk can send a refused one again (after fixing the cause: e.g. the account's lease
or the PC clock) or mark it handled once dealt with outside the app (entered again,
reported); a handled row leaves the list and is kept in the outbox's `handled` record.
Applicants appear masked: the dialog is on a screen the next person in line may see.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.models import Dossier
from counter_app.client.reception import UNREADABLE_APPLICANT as UNREADABLE
from counter_app.domain.calendar import OFFICE_TZ
from ui.common.dialogs import ask
from ui.common.plain_label import PlainLabel, plain_tip
from ui.common.style import BAD, MUTED
from ui.common.tasks import OUTBOX, Task

STATE_TEXT = {"pending": ("Chờ gửi", MUTED), "conflict": ("Bị từ chối", BAD),
              "unreadable": ("Không giải mã được trên máy", BAD)}
COLUMNS = ["Mã hồ sơ", "Người nộp", "Thủ tục", "Trạng thái", "Lý do", "Ghi lúc"]


def _when(created_at: str) -> str:
    try:
        return datetime.fromisoformat(created_at).astimezone(OFFICE_TZ).strftime("%H:%M %d/%m")
    except ValueError:
        return created_at


class OutboxDialog(QDialog):
    sig_changed = Signal()
    """A row was sent again or marked handled: counts changed."""

    def __init__(self, service, parent: QWidget | None = None, *, conflicts_only: bool = True,
                 on_reprint: Callable[[Dossier], None] | None = None) -> None:
        super().__init__(parent)
        self.service = service  # ReceptionService
        self.on_reprint = on_reprint
        self.items: list = []
        self.setWindowTitle("Hồ sơ chờ gửi và hồ sơ bị máy chủ từ chối")
        self.resize(1220, 440)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(2, 190)
        for col in (0, 1, 3, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.retry_button = QPushButton("Gửi lại")
        self.retry_button.setToolTip("Gửi lại đúng hồ sơ này (cùng mã chống gửi trùng)")
        self.retry_button.clicked.connect(self.retry_selected)
        self.handled_button = QPushButton("Đánh dấu đã xử lý")
        self.handled_button.setToolTip("Đã xử lý ngoài phần mềm; hồ sơ rời danh sách nhưng "
                                       "vẫn được lưu vết trên máy")
        self.handled_button.clicked.connect(self.mark_selected_handled)
        self.reprint_button = QPushButton("In lại biên nhận")
        self.reprint_button.setToolTip("In lại giấy tiếp nhận của hồ sơ đã ghi trên máy (vd. "
                                       "máy tắt đột ngột trước khi in xong)")
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.all_button = QCheckBox("Hiện cả hồ sơ đang chờ gửi")
        self.all_button.setChecked(not conflicts_only)
        self.all_button.toggled.connect(lambda _on: self.load())
        close = QPushButton("Đóng")
        close.clicked.connect(self.close)
        self.note = PlainLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.retry_button, self.handled_button, self.reprint_button, self.all_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self._update_buttons()
        self.load()

    def load(self, *_counts) -> None:
        service, state = self.service, None if self.all_button.isChecked() else "conflict"
        self.note.setText("Đang đọc hàng chờ…")
        Task(self, lambda: service.waiting(state), self._on_loaded) \
            .failure(lambda exc: self.note.setText(
                f"Không đọc được hàng chờ: {getattr(exc, 'message', exc)}")).run()

    def _on_loaded(self, items: list) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            text, color = STATE_TEXT.get(item.state, (item.state, MUTED))
            cells = [item.code, item.applicant, item.procedure, text,
                     item.detail if item.state != "pending" else "", _when(item.created_at)]
            for col, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                if col == 3:
                    cell.setForeground(_brush(color))
                if col in (2, 4) and value:
                    cell.setToolTip(plain_tip(value))
                self.table.setItem(row, col, cell)
        self.table.resizeRowsToContents()
        conflicts = sum(1 for i in items if i.state == "conflict")
        self.note.setText(
            "Không có hồ sơ nào bị máy chủ từ chối." if not conflicts and not items else
            f"{conflicts} hồ sơ bị từ chối. Xem lý do, khắc phục rồi bấm Gửi lại; nếu đã xử "
            "lý ngoài phần mềm (nhập lại, báo lãnh đạo) thì Đánh dấu đã xử lý.")
        self._update_buttons()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None

    def _update_buttons(self) -> None:
        item = self.selected()
        is_conflict = item is not None and item.state == "conflict"
        self.retry_button.setEnabled(is_conflict)
        self.handled_button.setEnabled(is_conflict or (item is not None
                                                       and item.state == "unreadable"))
        self.reprint_button.setEnabled(item is not None and self.on_reprint is not None
                                       and item.applicant != UNREADABLE)

    def reprint_selected(self) -> None:
        """The receipt again, rebuilt from the row: same code, QR and appointment."""
        item = self.selected()
        if item is None or self.on_reprint is None:
            return
        service, reprint = self.service, self.on_reprint
        Task(self, lambda: service.waiting_dossier(item.seq),
             lambda d: d is not None and reprint(d)) \
            .failure(self._on_write_failed).run()

    def retry_selected(self) -> None:
        item = self.selected()
        if item is None or item.state != "conflict":
            return
        service = self.service
        Task(self, lambda: service.retry(item.seq), self._on_changed) \
            .failure(self._on_write_failed).run(OUTBOX)

    def mark_selected_handled(self, confirm: bool = True) -> None:
        item = self.selected()
        if item is None or item.state not in ("conflict", "unreadable"):
            return
        if confirm and not ask(
                self, "Đánh dấu đã xử lý",
                f"Hồ sơ {item.code} sẽ rời danh sách chờ gửi và KHÔNG được gửi lên máy chủ "
                "nữa (vết vẫn lưu trên máy). Tiếp tục?"):
            return
        service = self.service
        Task(self, lambda: service.mark_handled(item.seq), self._on_changed) \
            .failure(self._on_write_failed).run(OUTBOX)

    def _on_changed(self, _done: bool) -> None:
        self.sig_changed.emit()
        self.load()

    def _on_write_failed(self, exc: BaseException) -> None:
        self.note.setText(f"Không ghi được: {getattr(exc, 'message', exc)}")


def _brush(color: str):
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(color))
