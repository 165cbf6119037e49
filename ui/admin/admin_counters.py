"""Admin tab "Quầy": the counters and which services each one calls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.admin import STATE_LABELS, AdminApi, AdminService, check_counter
from counter_app.client.queue import Counter
from ui.admin.admin_forms import FieldForm, ListEditTab
from ui.common.layouts import clear_layout
from ui.common.plain_label import PlainLabel


class CountersTab(ListEditTab):
    COLUMNS = ("Số", "Tên quầy", "Dịch vụ phục vụ", "Trạng thái", "Cán bộ")
    STRETCH_COLUMN = 2
    NEW_TEXT = "Thêm quầy"
    NEW_TITLE = "Thêm quầy mới"

    def __init__(self, admin: AdminApi, parent: QWidget | None = None) -> None:
        self.services: list[AdminService] = []
        self.service_boxes: dict[str, QCheckBox] = {}
        super().__init__(admin, parent)

    def build_form(self, fields: FieldForm) -> None:
        self.no = QSpinBox()
        self.no.setRange(1, 999)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Quầy số 5")
        self.state = QComboBox()
        for key, text in STATE_LABELS.items():
            self.state.addItem(text, key)
        self.service_list = QWidget()
        self.service_grid = QVBoxLayout(self.service_list)
        self.service_grid.setContentsMargins(8, 6, 8, 6)
        self.service_grid.setSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.service_list)
        scroll.setMinimumHeight(170)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        fields.add("no", "Số quầy", self.no, "Số đọc trên loa và hiện trên màn hình sảnh.")
        fields.add("name", "Tên quầy", self.name)
        fields.add("state", "Trạng thái", self.state)
        fields.add("service_codes", "Dịch vụ phục vụ", scroll,
                   "Quầy gọi số của các dịch vụ được chọn (ưu tiên theo cách gọi của cơ quan).")

    def set_services(self, services: list[AdminService]) -> None:
        """The checkboxes follow the office's services; ticks of the edited counter stay."""
        ticked = self.ticked()
        clear_layout(self.service_grid)
        self.services = list(services)
        self.service_boxes = {}
        for s in self.services:
            text = f"{s.prefix} · {s.name} ({s.code})" + ("" if s.active else " — đã ngừng")
            box = QCheckBox(text)
            box.setChecked(s.code in ticked)
            self.service_boxes[s.code] = box
            self.service_grid.addWidget(box)
        if not self.services:
            self.service_grid.addWidget(PlainLabel("Chưa có dịch vụ nào; thêm ở thẻ Dịch vụ."))
        self.service_grid.addStretch(1)

    def ticked(self) -> list[str]:
        return [code for code, box in self.service_boxes.items() if box.isChecked()]

    def key(self, item: Counter) -> int:
        return item.no

    def title(self, item: Counter) -> str:
        plain = f"Quầy số {item.no}"
        return plain if item.name == plain else f"{plain} — {item.name}"

    def row(self, c: Counter) -> list[str]:
        names = {s.code: s.name for s in self.services}
        served = ", ".join(f"{code} {names.get(code, '')}".strip() for code in c.service_codes)
        state = STATE_LABELS.get(c.state, c.state)
        if c.state == "paused" and c.pause_reason:
            state += f" ({c.pause_reason})"
        return [str(c.no), c.name, served or "— chưa gán dịch vụ —", state, c.clerk_name or ""]

    def fill(self, c: Counter | None) -> None:
        used = {item.no for item in self.items}
        self.no.setValue(c.no if c else next(n for n in range(1, 1000) if n not in used))
        self.no.setEnabled(c is None)
        self.name.setText(c.name if c else "")
        self.state.setCurrentIndex(max(0, self.state.findData(c.state if c else "open")))
        codes = set(c.service_codes) if c else set()
        for code, box in self.service_boxes.items():
            box.setChecked(code in codes)

    def collect(self) -> tuple[dict[str, Any] | None, dict[str, str]]:
        name = self.name.text().strip()
        body: dict[str, Any] = {"no": self.no.value(), "service_codes": self.ticked(),
                                "state": self.state.currentData()}
        if name or self.current is not None:
            body["name"] = name
        problems = check_counter(body, new=self.current is None)
        if problems:
            return None, problems
        if self.current is None:
            return body, {}
        c = self.current
        changes: dict[str, Any] = {}
        if body["name"] != c.name:
            changes["name"] = body["name"]
        if sorted(body["service_codes"]) != sorted(c.service_codes):
            changes["service_codes"] = body["service_codes"]
        if body["state"] != c.state:
            changes["state"] = body["state"]
        return (changes or None), {}

    @staticmethod
    def send(admin: AdminApi, current: Counter | None, body: dict[str, Any]) -> Counter:
        if current is None:
            return admin.add_counter(body)
        return admin.update_counter(current.no, body)

    def saved_message(self, result: Counter, created: bool) -> str:
        verb = "Đã thêm" if created else "Đã lưu"
        return f"{verb} {result.name}."
