"""Login: appears at once; the embedded backend may still be starting behind it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.errors import SecondFactorNeeded
from ui.common.plain_label import PlainLabel
from ui.common.tasks import describe

if TYPE_CHECKING:
    from counter_app.client.models import DemoAccount, Health, Session

log = logging.getLogger(__name__)



class LoginWindow(QWidget):
    sig_login_requested = Signal(str, str, str)
    """The clerk pressed Đăng nhập with (username, password, TOTP code or "")."""

    def __init__(self, last_username: str = "") -> None:
        super().__init__()
        self.setObjectName("LoginWindow")
        self.setWindowTitle("Một cửa — Đăng nhập")
        self.setMinimumWidth(460)

        title = PlainLabel("Bộ phận Một cửa")
        title.setObjectName("title")
        subtitle = PlainLabel("Tiếp nhận và trả kết quả thủ tục hành chính")
        subtitle.setObjectName("hint")

        self.username = QLineEdit(last_username)
        self.username.setPlaceholderText("Tên đăng nhập")
        self.password = QLineEdit()
        self.password.setPlaceholderText("Mật khẩu")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        # Shown only when the server asks for it, after the right password (admins).
        self.totp_code = QLineEdit()
        self.totp_code.setPlaceholderText("6 số trong ứng dụng xác thực")
        self.totp_code.setMaxLength(6)
        self.totp_code.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), self.totp_code))
        form = QFormLayout()
        form.addRow("Tên đăng nhập", self.username)
        form.addRow("Mật khẩu", self.password)
        form.addRow("Mã xác thực", self.totp_code)
        self._form = form
        form.setRowVisible(self.totp_code, False)

        self.login_button = QPushButton("Đăng nhập")
        self.login_button.setObjectName("primary")
        self.login_button.setEnabled(False)
        self.login_button.clicked.connect(self._on_login_clicked)
        self.password.returnPressed.connect(self._on_login_clicked)
        self.totp_code.returnPressed.connect(self._on_login_clicked)
        self.username.textEdited.connect(lambda _t: self._ask_code(False))
        self.username.returnPressed.connect(self.password.setFocus)

        self.status = PlainLabel("Đang kết nối máy chủ…")
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.error = PlainLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()

        # The demo table is built when demo accounts arrive: item views cost ~25 ms of
        # start-up that a production counter never needs.
        self.demo_box = QWidget()
        self.demo_table = None
        self.demo_box.hide()
        self._demo_accounts: list[DemoAccount] = []

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.demo_box)
        (self.password if last_username else self.username).setFocus()

    # -- driven by the controller -------------------------------------------------------

    def set_backend_ready(self, health: Health, where: str) -> None:
        office = health.office.name if health.office else ""
        self.status.setText(f"Máy chủ: {where}. {office}".strip())
        self.login_button.setEnabled(True)

    def set_backend_failed(self, message: str) -> None:
        self.status.setText(message)
        self.login_button.setEnabled(False)

    def show_demo_accounts(self, accounts: list[DemoAccount]) -> None:
        from ui.login.demo_accounts_table import DemoAccountsTable

        self._demo_accounts = accounts
        if self.demo_table is None:
            self.demo_table = DemoAccountsTable(self.demo_box)
            self.demo_table.sig_picked.connect(self._on_demo_picked)
        self.demo_table.set_accounts(accounts)
        self.demo_box.setVisible(bool(accounts))

    def set_busy(self, busy: bool) -> None:
        self.login_button.setEnabled(not busy)
        self.login_button.setText("Đang đăng nhập…" if busy else "Đăng nhập")

    def show_error(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.error.setText(describe(exc, "login failed unexpectedly"))
        self.error.show()
        if isinstance(exc, SecondFactorNeeded):
            self._ask_code(True)
            self.totp_code.clear()
            self.totp_code.setFocus()
            return
        self.password.selectAll()
        self.password.setFocus()

    def _ask_code(self, shown: bool) -> None:
        self._form.setRowVisible(self.totp_code, shown)
        if not shown:
            self.totp_code.clear()

    def logged_in(self, session: Session) -> None:
        self.error.hide()
        self.set_busy(False)

    # -- handlers ---------------------------------------------------------------------------

    def _on_login_clicked(self) -> None:
        if not self.login_button.isEnabled():
            return
        user = self.username.text().strip()
        if not user or not self.password.text():
            self.error.setText("Nhập tên đăng nhập và mật khẩu.")
            self.error.show()
            return
        self.error.hide()
        self.set_busy(True)
        code = self.totp_code.text().strip() if self.totp_code.isVisibleTo(self) else ""
        self.sig_login_requested.emit(user, self.password.text(), code)

    def _on_demo_picked(self, acc: DemoAccount) -> None:
        self.username.setText(acc.username)
        self.password.setText(acc.password)
        self.login_button.setFocus()
