"""The kiosk's first-start screen: the admin chooses the exit PIN before any ticket is issued.

There is no default PIN, so a kiosk without one shows this screen instead of the
services (demo included); `counter-app kiosk --set-pin` does the same on a terminal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from counter_app.kiosk_pin import MIN_DIGITS, pin_problem
from ui.common.plain_label import PlainLabel

STYLESHEET = """
QLabel#pinSetupTitle { font-size: 34px; font-weight: 700; color: #1a2b4c; }
QLabel#pinSetupHint { font-size: 22px; color: #4a5566; }
QLabel#pinSetupError { font-size: 22px; color: #b3261e; }
QLineEdit { font-size: 30px; padding: 8px; }
QPushButton { font-size: 28px; min-width: 110px; min-height: 64px; border-radius: 12px;
              background: #ffffff; border: 1px solid #9aa5b8; color: #1a2b4c; }
QPushButton:pressed { background: #dde6f5; }
QPushButton#pinSave { background: #0b3d91; color: #ffffff; border: none; font-weight: 700; }
"""


def _label(text: str, name: str) -> QLabel:
    label = PlainLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class PinSetupScreen(QWidget):
    sig_chosen = Signal(str)
    """The admin typed an acceptable PIN twice (the PIN; the receiver hashes and saves it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLESHEET)
        title = _label("Đặt mã PIN quản trị cho máy lấy số", "pinSetupTitle")
        hint = _label(f"Mã PIN dùng để thoát chế độ máy lấy số (Ctrl+Shift+Q): ít nhất "
                      f"{MIN_DIGITS} chữ số, không lặp một chữ số, không phải dãy liên tiếp. "
                      "Máy chỉ lưu mã băm, không lưu mã PIN.", "pinSetupHint")
        self.error = _label("", "pinSetupError")
        digits = QRegularExpressionValidator(r"[0-9]{0,12}", self)
        self.first, self.second = QLineEdit(), QLineEdit()
        for field, placeholder in ((self.first, "Mã PIN mới"), (self.second, "Nhập lại mã PIN")):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAlignment(Qt.AlignmentFlag.AlignCenter)
            field.setValidator(digits)
            field.setPlaceholderText(placeholder)
            field.setMaximumWidth(420)
        self.first.returnPressed.connect(self.second.setFocus)
        self.second.returnPressed.connect(self._on_save)
        keys = QGridLayout()
        for i, key in enumerate("123456789"):
            keys.addWidget(self._key(key, lambda _c=False, k=key: self._field().insert(k)),
                           i // 3, i % 3)
        keys.addWidget(self._key("Xóa", lambda: self._field().backspace()), 3, 0)
        keys.addWidget(self._key("0", lambda: self._field().insert("0")), 3, 1)
        self.save = self._key("Lưu", self._on_save)
        self.save.setObjectName("pinSave")
        keys.addWidget(self.save, 3, 2)
        keypad = QWidget()  # a phone-sized pad in the middle, not keys across the screen
        keypad.setLayout(keys)
        keypad.setMaximumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 36, 60, 48)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(hint)
        for widget in (self.first, self.second):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.error)
        layout.addWidget(keypad, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

    def _key(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    def _field(self) -> QLineEdit:
        return self.second if self.second.hasFocus() else self.first

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.save.setEnabled(True)

    def _on_save(self) -> None:
        pin = self.first.text()
        problem = pin_problem(pin)
        if problem is None and self.second.text() != pin:
            problem = "Hai lần nhập không khớp."
        if problem:
            self.second.clear()
            self.error.setText(problem)
            return
        self.error.setText("Đang lưu…")
        self.save.setEnabled(False)
        self.first.clear()
        self.second.clear()
        self.sig_chosen.emit(pin)
