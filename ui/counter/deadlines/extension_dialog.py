"""Form 04: the apology with its reason and the one new appointment. The new date is
proposed a few working days after the current one, on the office's calendar."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar
from counter_app.domain.clock import in_office_time
from ui.common.plain_label import PlainLabel
from ui.common.qdates import from_qdate, to_qdate

PROPOSED_EXTRA_WORKING_DAYS = 5
MIN_REASON = 5


def proposed_date(due_at: datetime, cal: WorkingCalendar) -> datetime:
    day = cal.add_working_days(in_office_time(due_at).date(), PROPOSED_EXTRA_WORKING_DAYS)
    return datetime.combine(day, in_office_time(due_at).time(), tzinfo=OFFICE_TZ)


class ExtensionDialog(QDialog):
    def __init__(self, code: str, due_at: datetime, cal: WorkingCalendar,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu số 04)")
        proposed = proposed_date(due_at, cal)
        self.when = QDateTimeEdit(QDateTime(to_qdate(proposed.date()),
                                            QTime(proposed.hour, proposed.minute)))
        self.when.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.when.setCalendarPopup(True)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Lý do trễ hạn (in trên phiếu xin lỗi)")
        self.reason.textChanged.connect(self._check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Hẹn lại và in Mẫu 04")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Hẹn trả hiện tại:", PlainLabel(f"{in_office_time(due_at):%H:%M %d/%m/%Y}"))
        form.addRow("Ngày hẹn mới:", self.when)
        form.addRow("Lý do:", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(f"Hồ sơ {code}. Theo quy định, ngày hẹn trả chỉ được hẹn "
                                    "lại một lần."))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(600, 320)
        self._check()

    @property
    def new_due_at(self) -> datetime:
        q = self.when.dateTime()
        clock = q.time()
        return datetime.combine(from_qdate(q.date()), time(clock.hour(), clock.minute()),
                                tzinfo=OFFICE_TZ)

    @property
    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(len(self.reason_text) >= MIN_REASON)
