"""The applicant's identity fields, filled by a scan or typed by hand, checked locally."""

from __future__ import annotations

import re
from datetime import date, datetime

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.models import Applicant
from counter_app.domain.card_checks import card_warnings
from counter_app.domain.cccd import CccdCard, CccdError, validate_id_number
from counter_app.domain.clock import office_today
from counter_app.domain.id_number import prefix_warning
from ui.common.plain_label import PlainLabel
from ui.common.style import WARN

FIELDS = ("id_number", "old_id_number", "full_name", "date_of_birth", "sex", "card_address",
          "address", "issue_date", "phone", "email")
LABELS = {
    "id_number": "Số định danh (CCCD)", "old_id_number": "Số CMND cũ",
    "full_name": "Họ và tên", "date_of_birth": "Ngày sinh", "sex": "Giới tính",
    "card_address": "Nơi cư trú trên thẻ", "address": "Địa chỉ hiện tại",
    "issue_date": "Ngày cấp", "phone": "Điện thoại", "email": "Thư điện tử",
}
NO_CARD_ADDRESS = "(thẻ không ghi)"
_PHONE = re.compile(r"^(\+84|0)\d{9,10}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_date(text: str) -> date:
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d%m%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


class ApplicantForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        self._card_scanned = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        # What the clerk should know about the card: warnings, never refusals.
        self.warnings = PlainLabel("")
        self.warnings.setObjectName("cardWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(f"color: {WARN}; font-weight: 600;")
        self.warnings.hide()
        outer.addWidget(self.warnings)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        outer.addLayout(grid)
        for row, name in enumerate(FIELDS):
            if name == "sex":
                widget: QLineEdit | QComboBox = QComboBox()
                widget.addItems(["", "Nam", "Nữ"])
            else:
                widget = QLineEdit()
                if name in ("date_of_birth", "issue_date"):
                    widget.setPlaceholderText("dd/mm/yyyy")
                if name == "id_number":
                    widget.setPlaceholderText("12 chữ số")
                    widget.setMaxLength(14)
                if name == "card_address":
                    widget.setReadOnly(True)
                    widget.setPlaceholderText("điền khi quét thẻ")
                    widget.setToolTip("Nơi cư trú in trên thẻ; có thể trống hoặc ghi xã, "
                                      "phường đã sắp xếp năm 2025. Địa chỉ hiện tại ghi bên dưới.")
            widget.setObjectName(name)
            error = PlainLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)  # a long message must not widen the page past 1366 px
            error.hide()
            label = PlainLabel(LABELS[name])
            grid.addWidget(label, row * 2, 0)
            grid.addWidget(widget, row * 2, 1)
            grid.addWidget(error, row * 2 + 1, 1)
            self.inputs[name] = widget
            self.errors[name] = error
        grid.setColumnStretch(1, 1)

    def text(self, name: str) -> str:
        w = self.inputs[name]
        return (w.currentText() if isinstance(w, QComboBox) else w.text()).strip()

    def set_text(self, name: str, value: str) -> None:
        w = self.inputs[name]
        if isinstance(w, QComboBox):
            w.setCurrentText(value)
        else:
            w.setText(value)
            w.setCursorPosition(0)

    def fill_from_card(self, card: CccdCard) -> None:
        self.clear_marks()
        self._card_scanned = True
        self.set_text("id_number", card.id_number)
        self.set_text("old_id_number", card.old_id_number or "")
        self.set_text("full_name", card.full_name)
        self.set_text("date_of_birth", card.date_of_birth.strftime("%d/%m/%Y"))
        self.set_text("sex", card.sex)
        self.set_text("card_address", card.address or NO_CARD_ADDRESS)
        self.set_text("address", card.address)  # the clerk confirms it or types the new one
        self.set_text("issue_date", card.issue_date.strftime("%d/%m/%Y"))
        self.show_warnings(card_warnings(card, office_today()))
        if not card.address:
            self.inputs["address"].setFocus()

    def show_warnings(self, warnings: list[str]) -> None:
        self.warnings.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warnings.setVisible(bool(warnings))

    def card_address(self) -> str | None:
        """The card's "Nơi cư trú" when it differs from the current address, else None."""
        if not self._card_scanned:
            return None
        on_card = self.text("card_address")
        on_card = "" if on_card == NO_CARD_ADDRESS else on_card
        return None if on_card == self.text("address") else on_card

    def clear(self) -> None:
        for name in FIELDS:
            self.set_text(name, "")
        self._card_scanned = False
        self.show_warnings([])
        self.clear_marks()

    def clear_marks(self) -> None:
        for name in FIELDS:
            self._mark(name, None)

    def show_error(self, name: str, message: str) -> None:
        self._mark(name, "invalid", message)

    def mark_mismatched(self, names: tuple[str, ...]) -> None:
        for name in names:
            if name in self.inputs:
                self._mark(name, "mismatch", "Không khớp dữ liệu dân cư")

    def _mark(self, name: str, kind: str | None, message: str = "") -> None:
        w = self.inputs[name]
        w.setProperty("invalid", kind == "invalid")
        w.setProperty("mismatch", kind == "mismatch")
        w.style().unpolish(w)
        w.style().polish(w)
        label = self.errors[name]
        label.setText(message)
        label.setVisible(bool(message))

    def identity(self) -> tuple[str, str, date, str] | None:
        """(ID number, name, date of birth, sex) for the eID check, when those four fields
        are valid; the rest (an address the clerk still has to type) does not hold it up."""
        self.read()
        if any(self.errors[k].isVisible() for k in ("id_number", "full_name",
                                                      "date_of_birth", "sex")):
            return None
        name = " ".join(self.text("full_name").split())
        number = "".join(self.text("id_number").split())
        return number, name, parse_date(self.text("date_of_birth")), self.text("sex")

    def read(self) -> Applicant | None:
        """Validate what is on screen; marks each bad field and returns None if any."""
        self.clear_marks()
        problems: dict[str, str] = {}
        name = " ".join(self.text("full_name").split())
        if not name:
            problems["full_name"] = "Nhập họ và tên."
        sex = self.text("sex")
        if sex not in ("Nam", "Nữ"):
            problems["sex"] = "Chọn giới tính."
            sex_for_check = None
        else:
            sex_for_check = sex
        dob: date | None = None
        try:
            dob = parse_date(self.text("date_of_birth"))
            if dob > office_today():
                problems["date_of_birth"] = "Ngày sinh ở tương lai."
        except ValueError:
            problems["date_of_birth"] = "Ngày sinh phải theo dạng dd/mm/yyyy."
        id_number = ""
        try:
            id_number = validate_id_number(self.text("id_number"), dob, sex_for_check)
        except CccdError as exc:
            problems["id_number"] = str(exc)
        old = self.text("old_id_number")
        if old and not re.fullmatch(r"\d{9}", old):
            problems["old_id_number"] = "Số CMND cũ gồm 9 chữ số."
        phone = re.sub(r"[\s.]", "", self.text("phone"))
        if phone and not _PHONE.match(phone):
            problems["phone"] = "Số điện thoại không hợp lệ (vd. 0912345678)."
        email = self.text("email")
        if email and not _EMAIL.match(email):
            problems["email"] = "Địa chỉ thư điện tử không hợp lệ."
        if not self.text("address"):
            problems["address"] = "Nhập địa chỉ hiện tại."
        if id_number and not self._card_scanned:  # a typed number: same warning as a scan
            warning = prefix_warning(id_number)
            self.show_warnings([warning] if warning else [])
        for field, message in problems.items():
            self.show_error(field, message)
        if problems or dob is None:
            return None
        return Applicant(
            id_number=id_number, full_name=name, date_of_birth=dob, sex=sex,
            address=self.text("address"), old_id_number=old or None,
            phone=phone or None, email=email or None, card_address=self.card_address(),
        )
