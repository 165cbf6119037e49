"""Small dialogs of the queue panel: transfer a ticket, pause the counter, issue a ticket.

Each is opened with open() (no nested event loop) and hands its answer to a callback.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.queue import Counter, Service, Ticket
from counter_app.domain.labels import PRIORITY
from ui.common.plain_label import PlainLabel

PAUSE_REASONS = ("Nghỉ giải lao", "Họp", "Hỗ trợ nghiệp vụ", "Sự cố máy tính / máy in",
                 "Đi trả kết quả")


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class TransferDialog(QDialog):
    def __init__(self, ticket: Ticket, services: list[Service], counters: list[Counter],
                 own_counter: int, on_chosen: Callable[[str | None, int | None], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Chuyển số {ticket.number}")
        self.to_service = QRadioButton("Sang dịch vụ khác")
        self.to_counter = QRadioButton("Sang quầy khác")
        self.to_service.setChecked(True)
        self.services = QComboBox()
        for s in services:
            if s.code != ticket.service_code:
                self.services.addItem(f"{s.prefix} · {s.name}", s.code)
        self.counters = QComboBox()
        for c in counters:
            if c.no != own_counter:
                state = "" if c.state == "open" else " (tạm nghỉ)" if c.state == "paused" else " (đóng)"
                self.counters.addItem(f"{c.name}{state}", c.no)
        self.to_service.toggled.connect(self._on_mode)
        form = QFormLayout()
        form.addRow(self.to_service, self.services)
        form.addRow(self.to_counter, self.counters)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(f"Số {ticket.number} giữ nguyên số và giờ lấy số, "
                                    "vào hàng chờ của nơi nhận."))
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Chuyển"))
        self._on_mode(True)
        self.accepted.connect(lambda: on_chosen(*self.choice()))

    def choice(self) -> tuple[str | None, int | None]:
        if self.to_service.isChecked():
            return self.services.currentData(), None
        return None, self.counters.currentData()

    def _on_mode(self, to_service: bool) -> None:
        self.services.setEnabled(to_service)
        self.counters.setEnabled(not to_service)


class PauseDialog(QDialog):
    def __init__(self, on_chosen: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tạm dừng quầy")
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(PAUSE_REASONS)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel("Lý do tạm dừng (hiện cho tổ trưởng và ghi vào thống kê):"))
        layout.addWidget(self.reason)
        layout.addWidget(_buttons(self, "Tạm dừng"))
        self.accepted.connect(lambda: on_chosen(self.reason.currentText().strip() or PAUSE_REASONS[0]))


class IssueDialog(QDialog):
    def __init__(self, services: list[Service], on_chosen: Callable[[str, str | None], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cấp số cho người dân tại quầy")
        self.service = QComboBox()
        for s in services:
            self.service.addItem(f"{s.prefix} · {s.name}", s.code)
        self.priority = QComboBox()
        self.priority.addItem("Không ưu tiên", None)
        for code, label in PRIORITY.items():
            self.priority.addItem(label, code)
        form = QFormLayout()
        form.addRow("Dịch vụ", self.service)
        form.addRow("Ưu tiên", self.priority)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Cấp số và in phiếu"))
        self.accepted.connect(
            lambda: on_chosen(self.service.currentData(), self.priority.currentData()))
