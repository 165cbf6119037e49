"""Form 07, Sổ theo dõi hồ sơ: one book per field (lĩnh vực) over a period, saved as Excel,
CSV or an A4 landscape PDF to print and sign."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.dossiers import DossierApi
from counter_app.desk.ledger_book import save_ledger_book
from counter_app.domain.clock import office_today
from ui.common.context import AppContext
from ui.common.documents import suggested_path
from ui.common.plain_label import PlainLabel
from ui.common.qdates import from_qdate, to_qdate
from ui.common.tasks import Task, describe

ALL_FIELDS = "Tất cả lĩnh vực (mỗi lĩnh vực một sổ)"
FORMATS = {"Excel (.xlsx)": ".xlsx", "PDF khổ A4 ngang (.pdf)": ".pdf", "CSV (.csv)": ".csv"}


class LedgerBookDialog(QDialog):
    sig_saved = Signal(str)
    """The book was written to this path."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Sổ theo dõi hồ sơ (Mẫu số 07)")
        today = office_today(ctx.clock)
        self.first = QDateEdit(to_qdate(today.replace(day=1)))
        self.last = QDateEdit(to_qdate(today))
        for edit in (self.first, self.last):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        self.field = QComboBox()
        self.field.addItem(ALL_FIELDS)
        self.format = QComboBox()
        self.format.addItems(list(FORMATS))
        self.status = PlainLabel("")
        self.status.setWordWrap(True)
        self.save_button = QPushButton("Lưu sổ…")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._choose_path)
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow("Từ ngày:", self.first)
        form.addRow("Đến ngày:", self.last)
        form.addRow("Lĩnh vực:", self.field)
        form.addRow("Định dạng:", self.format)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(560, 260)
        api = DossierApi(ctx.api)
        Task(self, lambda: sorted({p.get("field") or "" for p in api.procedures_json()} - {""}),
             lambda fields: self.field.addItems(fields)).run()

    def period(self) -> tuple[date, date]:
        return from_qdate(self.first.date()), from_qdate(self.last.date())

    def _choose_path(self) -> None:
        first, last = self.period()
        suffix = FORMATS[self.format.currentText()]
        path, _ = QFileDialog.getSaveFileName(
            self, "Lưu sổ theo dõi hồ sơ",
            suggested_path(f"so-theo-doi-ho-so-{first:%Y-%m-%d}-{last:%Y-%m-%d}{suffix}"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        first, last = self.period()
        if first > last:
            self.status.setText("Từ ngày phải trước hoặc bằng đến ngày.")
            return
        field = None if self.field.currentIndex() == 0 else self.field.currentText()
        office = self.ctx.health.office if self.ctx.health else None
        api = self.ctx.api
        self.save_button.setEnabled(False)
        self.status.setText("Đang lưu…")

        def done(p: Path) -> None:
            self.save_button.setEnabled(True)
            self.status.setText(f"Đã lưu {p}")
            self.sig_saved.emit(str(p))

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            self.status.setText(describe(exc, "ledger book save failed"))

        Task(self, lambda: save_ledger_book(api, first, last, field, path, office), done) \
            .failure(failed).run()
