"""Form 01's authorised person block: someone files on the applicant's behalf. The clerk
presses "Quét CCCD người nộp thay" and the next card scanned fills this block (not the
applicant's); the authorisation paper is typed. Checked on this PC only: the card's own
QR is validated locally; the applicant's identity is the one checked through the backend.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QPushButton, QVBoxLayout, QWidget

from counter_app.domain.cccd import CccdCard
from ui.common.plain_label import PlainLabel

WAITING = "Đang chờ quét thẻ của người nộp thay…"
FIELDS = {"full_name": "Họ và tên", "id_number": "Số định danh", "address": "Địa chỉ",
          "phone": "Điện thoại", "email": "Email", "authorisation": "Giấy ủy quyền"}
_ID = re.compile(r"[0-9]{12}")


class ProxyForm(QGroupBox):
    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Người nộp thay (được ủy quyền)", parent)
        self.setCheckable(True)
        self.setChecked(False)
        self.body = QWidget()
        self.inputs: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        for key, label in FIELDS.items():
            edit = QLineEdit()
            edit.textChanged.connect(self.sig_changed)
            self.inputs[key] = edit
            form.addRow(label + ":", edit)
        self.inputs["authorisation"].setPlaceholderText("Loại, số, ngày của giấy ủy quyền")
        self.scan_button = QPushButton("Quét CCCD người nộp thay")
        self.scan_button.setCheckable(True)
        self.scan_button.toggled.connect(
            lambda on: self.hint.setText(WAITING if on else ""))
        self.hint = PlainLabel("")
        self.hint.setObjectName("hint")
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.scan_button)
        column.addWidget(self.hint)
        column.addLayout(form)
        outer = QVBoxLayout(self)
        outer.addWidget(self.body)
        self.body.setVisible(False)
        self.toggled.connect(self._on_toggled)

    def _on_toggled(self, on: bool) -> None:
        self.body.setVisible(on)
        self.scan_button.setChecked(on and not self.inputs["id_number"].text())
        self.sig_changed.emit()

    def expecting_card(self) -> bool:
        return self.isChecked() and self.scan_button.isChecked()

    def fill_from_card(self, card: CccdCard) -> None:
        self.inputs["full_name"].setText(card.full_name)
        self.inputs["id_number"].setText(card.id_number)
        self.inputs["address"].setText(card.address)
        self.scan_button.setChecked(False)
        self.inputs["authorisation"].setFocus()

    def read(self) -> tuple[dict[str, Any] | None, str | None]:
        """(the block for the dossier, or None when nobody files on the applicant's behalf;
        the problem to fix, in Vietnamese)."""
        if not self.isChecked():
            return None, None
        values = {k: " ".join(e.text().split()) for k, e in self.inputs.items()}
        if not values["full_name"]:
            return None, "Nhập họ tên người nộp thay hoặc quét thẻ của họ."
        if not _ID.fullmatch(values["id_number"]):
            return None, "Số định danh của người nộp thay phải gồm 12 chữ số."
        if len(values["authorisation"]) < 3:
            return None, "Ghi giấy ủy quyền của người nộp thay (loại, số, ngày)."
        return {"full_name": values["full_name"], "id_number": values["id_number"],
                "address": values["address"], "phone": values["phone"] or None,
                "email": values["email"] or None,
                "authorisation": values["authorisation"]}, None

    def clear(self) -> None:
        for edit in self.inputs.values():
            edit.clear()
        self.setChecked(False)
