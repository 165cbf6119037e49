"""Admin tab "Dịch vụ": the queues — code, name, ticket prefix, number band, daily cap."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QSpinBox

from counter_app.client.admin import AdminApi, AdminService, check_service, first_number
from counter_app.domain.queue import MAX_NUMBER
from ui.admin.admin_forms import FieldForm, ListEditTab
from ui.common.plain_label import PlainLabel

EDITABLE = ("name", "prefix", "number_start", "number_end", "daily_cap", "active")


def _spin(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


class ServicesTab(ListEditTab):
    COLUMNS = ("Mã", "Tên dịch vụ", "Ký hiệu", "Dải số", "Giới hạn/ngày", "Trạng thái",
               "Hôm nay")
    NEW_TEXT = "Thêm dịch vụ"
    NEW_TITLE = "Thêm dịch vụ mới"

    def build_form(self, fields: FieldForm) -> None:
        self.code = QLineEdit()
        self.code.setMaxLength(20)
        self.code.setPlaceholderText("HT")
        self.code.setValidator(QRegularExpressionValidator(r"[A-Za-z0-9_]{0,20}"))
        self.name = QLineEdit()
        self.name.setPlaceholderText("Hộ tịch")
        self.prefix = QLineEdit()
        self.prefix.setMaxLength(2)
        self.prefix.setPlaceholderText("A")
        self.prefix.setValidator(QRegularExpressionValidator(r"[A-Za-z]{0,2}"))
        self.number_start = _spin(1, MAX_NUMBER, 1)
        self.number_end = _spin(1, MAX_NUMBER, 999)
        band = QHBoxLayout()
        band.addWidget(PlainLabel("từ"))
        band.addWidget(self.number_start)
        band.addWidget(PlainLabel("đến"))
        band.addWidget(self.number_end)
        band.addStretch(1)
        self.has_cap = QCheckBox("Giới hạn")
        self.daily_cap = _spin(1, MAX_NUMBER, 300)
        self.daily_cap.setSuffix(" phiếu mỗi ngày")
        self.has_cap.toggled.connect(self.daily_cap.setEnabled)
        cap = QHBoxLayout()
        cap.addWidget(self.has_cap)
        cap.addWidget(self.daily_cap)
        cap.addStretch(1)
        self.active = QCheckBox("Đang phục vụ (hiện trên kiosk lấy số)")
        fields.add("code", "Mã dịch vụ", self.code,
                   "Chữ in hoa, số hoặc _; không đổi được sau khi tạo.")
        fields.add("name", "Tên dịch vụ", self.name)
        fields.add("prefix", "Ký hiệu số", self.prefix,
                   "1-2 chữ cái đứng trước số trên phiếu; hai dịch vụ đang phục vụ không "
                   "dùng chung ký hiệu.")
        band_hint = fields.add("number_end", "Dải số trong ngày", band, " ")
        assert band_hint is not None  # a hint text was given, so its label exists
        self.band_hint = band_hint
        fields.add("daily_cap", "Số phiếu tối đa", cap,
                   "Hết số trong ngày thì kiosk không cấp thêm. Bỏ chọn: không giới hạn.")
        fields.add("active", "", self.active)
        for widget in (self.prefix,):
            widget.textChanged.connect(self._update_hint)
        for spin in (self.number_start, self.number_end):
            spin.valueChanged.connect(self._update_hint)

    def _update_hint(self) -> None:
        prefix = self.prefix.text().strip().upper() or "?"
        start, end = self.number_start.value(), self.number_end.value()
        self.band_hint.setText(f"Số đầu tiên mỗi ngày: {first_number(prefix, start, end)}; "
                               f"số cuối: {first_number(prefix, end, end)}.")

    def key(self, item: AdminService) -> str:
        return item.code

    def title(self, item: AdminService) -> str:
        return f"Dịch vụ {item.code} — {item.name}"

    def row(self, s: AdminService) -> list[str]:
        return [s.code, s.name, s.prefix,
                f"{first_number(s.prefix, s.number_start, s.number_end)}–"
                f"{first_number(s.prefix, s.number_end, s.number_end)}",
                "không giới hạn" if s.daily_cap is None else str(s.daily_cap),
                "Đang phục vụ" if s.active else "Ngừng",
                f"đã cấp {s.issued_today}, chờ {s.waiting}"]

    def fill(self, s: AdminService | None) -> None:
        self.code.setText(s.code if s else "")
        self.code.setReadOnly(s is not None)
        self.name.setText(s.name if s else "")
        self.prefix.setText(s.prefix if s else "")
        self.number_start.setValue(s.number_start if s else 1)
        self.number_end.setValue(s.number_end if s else 999)
        self.has_cap.setChecked(bool(s and s.daily_cap is not None))
        self.daily_cap.setValue(s.daily_cap if s and s.daily_cap is not None else 300)
        self.daily_cap.setEnabled(self.has_cap.isChecked())
        self.active.setChecked(s.active if s else True)
        self._update_hint()

    def collect(self) -> tuple[dict[str, Any] | None, dict[str, str]]:
        body: dict[str, Any] = {
            "code": self.code.text().strip().upper(), "name": self.name.text().strip(),
            "prefix": self.prefix.text().strip(), "number_start": self.number_start.value(),
            "number_end": self.number_end.value(),
            "daily_cap": self.daily_cap.value() if self.has_cap.isChecked() else None,
            "active": self.active.isChecked(),
        }
        problems = check_service(body, new=self.current is None)
        if problems:
            return None, problems
        if self.current is None:
            return body, {}
        changes = {k: body[k] for k in EDITABLE if body[k] != getattr(self.current, k)}
        return (changes or None), {}

    @staticmethod
    def send(admin: AdminApi, current: AdminService | None,
             body: dict[str, Any]) -> AdminService:
        if current is None:
            return admin.add_service(body)
        return admin.update_service(current.code, body)

    def saved_message(self, result: AdminService, created: bool) -> str:
        verb = "Đã thêm" if created else "Đã lưu"
        return f"{verb} dịch vụ {result.code} ({result.name})."
