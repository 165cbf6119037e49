"""Who collects the result: the card fields that identity verification needs, and whether
they are the applicant or someone authorised by them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from counter_app.domain.cccd import CccdCard, CccdError, validate_id_number
from ui.common.plain_label import PlainLabel
from ui.counter.reception.applicant_form import parse_date

RELATIONS = {"self": "Chính người nộp hồ sơ", "authorized": "Người được ủy quyền"}


class CollectorForm(QWidget):
    sig_edited = Signal()
    """The clerk changed a field by hand (a previous verification no longer holds)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText("12 chữ số")
        self.full_name = QLineEdit()
        self.date_of_birth = QLineEdit()
        self.date_of_birth.setPlaceholderText("dd/mm/yyyy")
        self.sex = QComboBox()
        self.sex.addItems(["", "Nam", "Nữ"])
        self.relation = QComboBox()
        for key, text in RELATIONS.items():
            self.relation.addItem(text, key)
        self.error = PlainLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Số định danh", self.id_number)
        form.addRow("Họ và tên", self.full_name)
        form.addRow("Ngày sinh", self.date_of_birth)
        form.addRow("Giới tính", self.sex)
        form.addRow("Quan hệ", self.relation)
        form.addRow("", self.error)
        self._filling = False
        for edit in (self.id_number, self.full_name, self.date_of_birth):
            edit.textEdited.connect(self._on_edited)
        self.sex.activated.connect(self._on_edited)

    def _on_edited(self, *_args) -> None:
        if not self._filling:
            self.sig_edited.emit()

    def fill_from_card(self, card: CccdCard) -> None:
        self._filling = True
        try:
            self.id_number.setText(card.id_number)
            self.full_name.setText(card.full_name)
            self.date_of_birth.setText(card.date_of_birth.strftime("%d/%m/%Y"))
            self.sex.setCurrentText(card.sex)
        finally:
            self._filling = False
        self.error.hide()

    def clear(self) -> None:
        for edit in (self.id_number, self.full_name, self.date_of_birth):
            edit.clear()
        self.sex.setCurrentIndex(0)
        self.relation.setCurrentIndex(0)
        self.error.hide()

    def read(self) -> tuple[str, str, date, str] | None:
        """(id number, full name, date of birth, sex), or None after saying what is wrong."""
        problems = []
        name = " ".join(self.full_name.text().split())
        if not name:
            problems.append("Nhập họ và tên người nhận.")
        sex = self.sex.currentText()
        if sex not in ("Nam", "Nữ"):
            problems.append("Chọn giới tính.")
        dob = None
        try:
            dob = parse_date(self.date_of_birth.text())
        except ValueError:
            problems.append("Ngày sinh phải theo dạng dd/mm/yyyy.")
        id_number = ""
        try:
            id_number = validate_id_number(self.id_number.text().strip(), dob,
                                           sex if sex in ("Nam", "Nữ") else None)
        except CccdError as exc:
            problems.append(str(exc))
        self.error.setText(" ".join(problems))
        self.error.setVisible(bool(problems))
        if problems or dob is None:
            return None
        return id_number, name, dob, sex
