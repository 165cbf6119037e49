"""The kiosk's way out for an admin: a PIN on a touch keypad, compared in constant time."""

from __future__ import annotations

import hmac

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

STYLESHEET = """
QDialog { background: white; }
QLabel { font-size: 22px; }
QLineEdit { font-size: 30px; padding: 8px; }
QPushButton { font-size: 28px; min-width: 90px; min-height: 70px; border-radius: 12px; }
"""


def pin_matches(entered: str, expected: str) -> bool:
    return hmac.compare_digest(entered.encode("utf-8"), expected.encode("utf-8"))


class AdminPinDialog(QDialog):
    sig_unlocked = Signal()
    """The right admin PIN was entered."""

    def __init__(self, expected_pin: str, parent=None) -> None:
        super().__init__(parent)
        self._expected = expected_pin
        self.setWindowTitle("Quản trị máy lấy số")
        self.setModal(True)
        self.setStyleSheet(STYLESHEET)
        self.message = QLabel("Nhập mã PIN quản trị để thoát chế độ máy lấy số")
        self.message.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin.returnPressed.connect(self._on_ok)
        keys = QGridLayout()
        for i, key in enumerate("123456789"):
            keys.addWidget(self._key(key, lambda _c=False, k=key: self.pin.insert(k)), i // 3, i % 3)
        keys.addWidget(self._key("Xóa", self.pin.backspace), 3, 0)
        keys.addWidget(self._key("0", lambda: self.pin.insert("0")), 3, 1)
        keys.addWidget(self._key("OK", self._on_ok), 3, 2)
        cancel = QPushButton("Hủy")
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.pin)
        layout.addLayout(keys)
        layout.addWidget(cancel)

    def _key(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    def _on_ok(self) -> None:
        if self._expected and pin_matches(self.pin.text(), self._expected):
            self.accept()
            self.sig_unlocked.emit()
            return
        self.pin.clear()
        self.message.setText("Mã PIN không đúng. Vui lòng thử lại.")
