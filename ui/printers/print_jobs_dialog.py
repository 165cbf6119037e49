"""The printer's job log: what printed, what failed and why; retry, reprint, void, view."""

from __future__ import annotations

import dataclasses
import uuid

from PySide6.QtCore import Qt
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

from counter_app.domain.calendar import OFFICE_TZ
from ui.common.plain_label import PlainLabel
from ui.common.style import BAD, MUTED, OK
from ui.common.table_cells import cell_item

STATE_TEXT = {
    "queued": ("Chờ in", MUTED), "printing": ("Đang in", MUTED), "done": ("Đã in", OK),
    "failed": ("Lỗi", BAD), "voided": ("Đã hủy", MUTED),
}


class PrintJobsDialog(QDialog):
    def __init__(self, printer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.printer = printer
        self.setWindowTitle(f"Nhật ký in — {printer.name}")
        self.resize(760, 420)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Giờ", "Mã hồ sơ", "Tài liệu", "Trạng thái",
                                              "Lý do"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.retry_button = QPushButton("Thử lại")
        self.retry_button.setToolTip("In lại lệnh bị lỗi (lệnh đã in xong không bao giờ bị in lặp)")
        self.reprint_button = QPushButton("In thêm bản")
        self.void_button = QPushButton("Hủy lệnh")
        self.view_button = QPushButton("Xem bản in")
        self.retry_button.clicked.connect(self._on_retry)
        self.reprint_button.clicked.connect(self._on_reprint)
        self.void_button.clicked.connect(self._on_void)
        self.view_button.clicked.connect(self._on_view)
        self.note = PlainLabel()
        self.note.setObjectName("hint")
        buttons = QHBoxLayout()
        for b in (self.retry_button, self.reprint_button, self.void_button, self.view_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        printer.sig_job_changed.connect(self._on_job_changed)
        self.refresh()

    def _jobs(self) -> list:
        return list(reversed(self.printer.queue.jobs()))  # newest first

    def refresh(self) -> None:
        selected = self.selected_job()
        jobs = self._jobs()
        self.table.setRowCount(len(jobs))
        for row, job in enumerate(jobs):
            text, color = STATE_TEXT.get(str(job.state), (str(job.state), MUTED))
            cells = (job.created_at.astimezone(OFFICE_TZ).strftime("%H:%M:%S"),
                     job.dossier_code or "", job.title, text, job.message or "")
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, job.id)
                if col == 3:
                    item.setForeground(_brush(color))
                self.table.setItem(row, col, item)
            if selected is not None and job.id == selected.id:
                self.table.selectRow(row)
        for col in (0, 1, 3):
            self.table.resizeColumnToContents(col)
        self._update_buttons()

    def selected_job(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        job_id = cell_item(self.table, rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        queue = self.printer.queue
        return queue.get(job_id) if queue is not None else None

    def _update_buttons(self) -> None:
        job = self.selected_job()
        state = str(job.state) if job else ""
        self.retry_button.setEnabled(state == "failed")
        self.void_button.setEnabled(state in ("queued", "failed"))
        self.reprint_button.setEnabled(state == "done")
        self.view_button.setEnabled(job is not None and job.image is not None)

    def _on_job_changed(self, _job) -> None:
        self.refresh()

    def _on_retry(self) -> None:
        job = self.selected_job()
        if job is not None and self.printer.queue.retry(job.id) is None:
            self.note.setText("Lệnh này không còn ở trạng thái lỗi; không in lại.")

    def _on_reprint(self) -> None:
        job = self.selected_job()
        if job is None:
            return
        # An extra copy is a new job the clerk asked for; the printed one stays as it was.
        title = job.title if job.title.endswith("(bản thêm)") else f"{job.title} (bản thêm)"
        self.printer.queue.submit(dataclasses.replace(job, id=uuid.uuid4().hex, title=title))

    def _on_void(self) -> None:
        job = self.selected_job()
        if job is not None and not self.printer.queue.void(job.id):
            self.note.setText("Không hủy được: lệnh đang in hoặc đã in xong.")

    def _on_view(self) -> None:
        from ui.printers.print_preview_dialog import PrintPreviewDialog

        job = self.selected_job()
        if job is not None and job.image is not None:
            PrintPreviewDialog(job.image, job.title, self).exec()


def _brush(color: str):
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(color))
