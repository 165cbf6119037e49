"""A hand-over between units (form 06 row): to whom, by when their step is due, a note."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.clock import in_office_time
from ui.common.plain_label import PlainLabel
from ui.common.qdates import from_qdate, to_qdate


class HandoverDialog(QDialog):
    def __init__(self, code: str, current_unit: str, due_at: datetime, units: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chuyển hồ sơ giữa các đơn vị")
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems([u for u in units if u and u != current_unit])
        self.unit.setCurrentText(self.unit.itemText(0) if self.unit.count() else "")
        local_due = in_office_time(due_at)
        self.step_due = QDateTimeEdit(QDateTime(to_qdate(local_due.date()),
                                                QTime(local_due.hour, local_due.minute)))
        self.step_due.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.step_due.setCalendarPopup(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Ghi chú (không bắt buộc)")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Ghi nhận chuyển")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.unit.editTextChanged.connect(self._check)
        form = QFormLayout()
        form.addRow("Đang ở:", PlainLabel(current_unit))
        form.addRow("Chuyển đến:", self.unit)
        form.addRow("Hạn xử lý của bước:", self.step_due)
        form.addRow("Ghi chú:", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(f"Hồ sơ {code} · hẹn trả {local_due:%H:%M %d/%m/%Y}"))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 240)
        self._check()

    @property
    def to_unit(self) -> str:
        return " ".join(self.unit.currentText().split())

    @property
    def step_due_at(self) -> datetime:
        q = self.step_due.dateTime()
        clock = q.time()
        return datetime.combine(from_qdate(q.date()), time(clock.hour(), clock.minute()),
                                tzinfo=OFFICE_TZ)

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(len(self.to_unit) >= 2)
