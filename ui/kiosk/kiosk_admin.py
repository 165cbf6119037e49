"""The kiosk's way out for an admin: a PIN on a touch keypad, checked against its hash.

Wrong PINs in a row make the next try wait (counter_app.kiosk_pin.PinGuard): the keypad
is disabled and counts down, so guessing a 6-digit PIN at the lobby takes years.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QLineEdit, QPushButton, QVBoxLayout

from counter_app.kiosk_pin import PinGuard, pin_matches
from ui.common.plain_label import PlainLabel

log = logging.getLogger(__name__)
PROMPT = "Nhập mã PIN quản trị để thoát chế độ máy lấy số"
WRONG = "Mã PIN không đúng"
STYLESHEET = """
QDialog { background: white; }
QLabel { font-size: 22px; }
QLineEdit { font-size: 30px; padding: 8px; }
QPushButton { font-size: 28px; min-width: 90px; min-height: 70px; border-radius: 12px; }
"""


def wait_text(seconds: int) -> str:
    """ "8 giây", "4 phút 16 giây": how long until the next try."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} giây"
    return f"{minutes} phút {rest:02d} giây" if rest else f"{minutes} phút"


class AdminPinDialog(QDialog):
    sig_unlocked = Signal()
    """The right admin PIN was entered."""

    def __init__(self, pin_hash: str, guard: PinGuard, parent=None) -> None:
        super().__init__(parent)
        self._pin_hash = pin_hash
        self._guard = guard
        self.setWindowTitle("Quản trị máy lấy số")
        self.setModal(True)
        self.setStyleSheet(STYLESHEET)
        self.message = PlainLabel(PROMPT)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin.returnPressed.connect(self._on_ok)
        self.keys: list[QPushButton] = []
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
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._on_countdown)
        self._on_countdown()  # reopened during a wait: still locked

    def _key(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        self.keys.append(button)
        return button

    @property
    def locked(self) -> bool:
        return not self.pin.isEnabled()

    def _on_ok(self) -> None:
        if self._guard.wait_left():
            return
        entered = self.pin.text()
        self.pin.clear()
        if pin_matches(entered, self._pin_hash):
            self._guard.succeeded()
            self.accept()
            self.sig_unlocked.emit()
            return
        wait = self._guard.failed()
        log.warning("kiosk admin PIN wrong (%d in a row, next try in %d s)",
                    self._guard.failures, wait)
        if wait:
            self._on_countdown()
        else:
            self.message.setText(f"{WRONG}. Vui lòng thử lại.")

    def _on_countdown(self) -> None:
        left = self._guard.wait_left()
        for widget in (self.pin, *self.keys):
            widget.setEnabled(not left)
        if left:
            self.message.setText(f"{WRONG}. Vui lòng thử lại sau {wait_text(left)}.")
            if not self._countdown.isActive():
                self._countdown.start()
            return
        self._countdown.stop()
        if self._guard.failures:
            self.message.setText(f"{WRONG}. Mời nhập lại.")
        self.pin.setFocus()
