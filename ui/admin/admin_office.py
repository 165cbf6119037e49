"""Admin tab "Cơ quan": what tickets and receipts print about the office, its public
address and how priority tickets are mixed into the queue."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.admin import (
    OFFICE_FIELDS,
    AdminApi,
    AdminOffice,
    check_office,
)
from counter_app.domain.queue import MAX_RATIO
from counter_app.domain.receipt_qr import CHOICES as QR_CHOICES
from counter_app.domain.receipt_qr import TRADE_OFF as QR_TRADE_OFF
from ui.admin.admin_forms import (
    FIX_FIRST,
    NOTHING_CHANGED,
    TAKES_EFFECT,
    FieldForm,
    StatusLine,
    primary_button,
    save_problems,
)
from ui.common.plain_label import PlainLabel
from ui.common.style import BAD, OK
from ui.common.tasks import Task

log = logging.getLogger(__name__)
LABELS = {
    "name": "Tên cơ quan", "agency_code": "Mã định danh cơ quan",
    "parent_name": "Cơ quan cấp trên", "address": "Địa chỉ", "hotline": "Đường dây nóng",
    "public_base_url": "Địa chỉ tra cứu công khai",
}
HINTS = {
    "name": "In đầu phiếu số thứ tự và biên nhận, hiện trên màn hình sảnh.",
    "agency_code": "Theo QCVN 102:2016, ví dụ 000.17.22.H56; đứng đầu mọi mã hồ sơ.",
    "parent_name": "Dòng trên cùng của biên nhận, ví dụ UBND THÀNH PHỐ HÀ NỘI.",
    "public_base_url": "Mã QR trên biên nhận dẫn tới đây. Để trống: dùng địa chỉ của máy chủ.",
}


class OfficeTab(QWidget):
    sig_saved = Signal(object)
    """The office was saved; carries the AdminOffice the server answered."""

    def __init__(self, admin: AdminApi, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.admin = admin
        self.office: AdminOffice | None = None
        self.busy = False
        self.code = PlainLabel("—")
        self.code.setToolTip("Mã nội bộ của cơ quan trong cơ sở dữ liệu; không sửa ở đây.")
        self.edits: dict[str, QLineEdit] = {key: QLineEdit() for key in OFFICE_FIELDS}
        self.edits["agency_code"].setPlaceholderText("000.17.22.H56")
        self.edits["hotline"].setPlaceholderText("024 3823 4567")
        self.edits["public_base_url"].setPlaceholderText("https://motcua.example.gov.vn")

        self.fields = FieldForm()
        self.fields.add("code", "Mã cơ quan", self.code)
        for key in OFFICE_FIELDS:
            self.fields.add(key, LABELS[key], self.edits[key], HINTS.get(key))
        identity = QGroupBox("Thông tin in trên phiếu số và biên nhận")
        QVBoxLayout(identity).addWidget(self.fields)

        self.strict = QRadioButton("Gọi hết người ưu tiên trước, rồi mới tới người thường")
        self.interleaved = QRadioButton("Xen kẽ: một người ưu tiên sau mỗi")
        self.ratio = QSpinBox()
        self.ratio.setRange(1, MAX_RATIO)
        self.ratio.setSuffix(" người thường")
        group = QButtonGroup(self)
        group.addButton(self.strict)
        group.addButton(self.interleaved)
        self.interleaved.toggled.connect(self.ratio.setEnabled)
        mix = QHBoxLayout()
        mix.addWidget(self.interleaved)
        mix.addWidget(self.ratio)
        mix.addStretch(1)
        self.strategy_fields = FieldForm()
        column = QVBoxLayout()
        column.addWidget(self.strict)
        column.addLayout(mix)
        holder = QHBoxLayout()
        holder.addLayout(column)
        self.strategy_fields.add("queue_strategy", "", holder,
                                 "Người cao tuổi, người khuyết tật, phụ nữ mang thai… lấy số "
                                 "ưu tiên ở kiosk. Trong mỗi nhóm vẫn theo thứ tự lấy số.")
        strategy = QGroupBox("Cách gọi số ưu tiên")
        QVBoxLayout(strategy).addWidget(self.strategy_fields)

        self.target = QSpinBox()
        self.target.setRange(1, 240)
        self.target.setSuffix(" phút")
        target_row = QHBoxLayout()
        target_row.addWidget(self.target)
        target_row.addStretch(1)
        self.stats_fields = FieldForm()
        self.stats_fields.add("waiting_target_min", "Mục tiêu thời gian chờ", target_row,
                              "Số phiếu chờ lâu hơn mức này hiện là \"chờ quá mục tiêu\" "
                              "trong thống kê của giám sát.")
        self.retention = QSpinBox()
        self.retention.setRange(0, 100)
        self.retention.setSuffix(" năm")
        self.retention.setSpecialValueText("Giữ lâu dài")
        retention_row = QHBoxLayout()
        retention_row.addWidget(self.retention)
        retention_row.addStretch(1)
        self.stats_fields.add("personal_data_years", "Xóa dữ liệu cá nhân sau", retention_row,
                              "Họ tên, số định danh, địa chỉ của hồ sơ đã trả hoặc đã hủy được "
                              "xóa sau chừng ấy năm; số liệu thống kê vẫn giữ.")
        stats = QGroupBox("Thống kê và lưu trữ")
        QVBoxLayout(stats).addWidget(self.stats_fields)

        self.receipt_qr = QComboBox()
        for key, text in QR_CHOICES.items():
            self.receipt_qr.addItem(text, key)
        self.receipt_fields = FieldForm()
        self.receipt_fields.add("receipt_qr", "Mã QR trên giấy tiếp nhận", self.receipt_qr,
                                QR_TRADE_OFF)
        receipt = QGroupBox("Giấy tiếp nhận (Mẫu 01)")
        QVBoxLayout(receipt).addWidget(self.receipt_fields)

        self.status = StatusLine()
        self.save_button = primary_button("Lưu thông tin cơ quan")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(identity)
        layout.addWidget(strategy)
        layout.addWidget(stats)
        layout.addWidget(receipt)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def set_office(self, office: AdminOffice) -> None:
        self.office = office
        self.fields.clear_errors()
        self.strategy_fields.clear_errors()
        self.stats_fields.clear_errors()
        self.code.setText(office.code)
        for key, edit in self.edits.items():
            edit.setText(getattr(office, key))
        self.ratio.setValue(office.queue_ratio)
        (self.interleaved if office.queue_mode == "interleaved" else self.strict).setChecked(True)
        self.ratio.setEnabled(office.queue_mode == "interleaved")
        self.target.setValue(office.waiting_target_min)
        self.retention.setValue(office.personal_data_years)
        self.receipt_qr.setCurrentIndex(max(0, self.receipt_qr.findData(office.receipt_qr)))

    def changes(self) -> dict[str, Any]:
        """Only what differs from the office as loaded."""
        if self.office is None:
            return {}
        out: dict[str, Any] = {}
        for key, edit in self.edits.items():
            value = edit.text().strip()
            if value != getattr(self.office, key):
                out[key] = value
        mode = "interleaved" if self.interleaved.isChecked() else "strict"
        ratio = self.ratio.value()
        if mode != self.office.queue_mode or (mode == "interleaved"
                                              and ratio != self.office.queue_ratio):
            out["queue_strategy"] = {"mode": mode, "ratio": ratio}
        if self.target.value() != self.office.waiting_target_min:
            out["waiting_target_min"] = self.target.value()
        if self.retention.value() != self.office.personal_data_years:
            out["personal_data_years"] = self.retention.value()
        if self.receipt_qr.currentData() != self.office.receipt_qr:
            out["receipt_qr"] = self.receipt_qr.currentData()
        return out

    def save(self) -> None:
        if self.busy or self.office is None:
            return
        changes = self.changes()
        problems = check_office(changes)
        if problems:
            self._show_errors(problems)
            self.status.say(FIX_FIRST, BAD)
            return
        self._show_errors({})
        if not changes:
            self.status.say(NOTHING_CHANGED)
            return
        admin = self.admin
        self.busy = True
        self.save_button.setEnabled(False)
        self.status.say("Đang lưu…")
        Task(self, lambda: admin.update_office(changes), self._on_saved) \
            .failure(self._on_failed).run()

    def _show_errors(self, problems: dict[str, str]) -> None:
        own = ("queue_strategy", "waiting_target_min", "personal_data_years", "receipt_qr")
        self.fields.show_errors({k: v for k, v in problems.items() if k not in own})
        self.strategy_fields.show_errors({k: v for k, v in problems.items()
                                          if k == "queue_strategy"})
        self.stats_fields.show_errors({k: v for k, v in problems.items()
                                       if k in ("waiting_target_min", "personal_data_years")})
        self.receipt_fields.show_errors({k: v for k, v in problems.items() if k == "receipt_qr"})

    def _on_saved(self, office: AdminOffice) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        self.set_office(office)
        self.status.say(f"Đã lưu thông tin cơ quan. {TAKES_EFFECT}", OK)
        self.sig_saved.emit(office)

    def _on_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        problems, summary = save_problems(exc, "office save failed")
        self._show_errors(problems)
        self.status.say(f"Chưa lưu. {summary}", BAD)
