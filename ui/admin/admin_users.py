"""Admin tab "Tài khoản": people and devices, their role and counter, password resets.

A new password (typed or generated) is shown once, right after the server took it, and
never kept: the admin writes it down for the person, who logs in with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QGuiApplication, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.admin import (
    MIN_PASSWORD,
    ROLE_LABELS,
    AdminApi,
    UserAccount,
    check_user,
    generate_password,
)
from counter_app.client.queue import Counter
from ui.admin.admin_forms import FieldForm, ListEditTab, save_problems
from ui.admin.admin_totp import TotpDialog
from ui.common.dialogs import ask
from ui.common.plain_label import PlainLabel, markup, rich_label
from ui.common.style import BAD, OK
from ui.common.tasks import Task

EDITABLE = ("full_name", "role", "counter_no", "active")
PEOPLE_ROLES = ("clerk", "supervisor", "admin")


class PasswordNotice(QFrame):
    """The one time a new password is on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(f"QFrame#banner {{ background: #e8f5ec; border: 1px solid {OK}; }}")
        self.text = rich_label("")
        self.text.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setReadOnly(True)
        self.password.setStyleSheet("font-family: monospace; font-size: 18px; font-weight: 700;")
        copy = QPushButton("Sao chép")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.password.text()))
        line = QHBoxLayout()
        line.addWidget(self.password, 1)
        line.addWidget(copy)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(line)
        self.hide()

    def reveal(self, username: str, password: str, reset: bool) -> None:
        after = ("Các phiên đăng nhập cũ của tài khoản này đã bị đăng xuất. " if reset else "")
        self.text.setText(markup("Mật khẩu {}của <b>{}</b>. {}Chỉ hiện một lần: ghi lại và "
                                 "trao tận tay người dùng.", "mới " if reset else "", username,
                                 after))
        self.password.setText(password)
        self.show()

    def forget(self) -> None:
        self.password.clear()
        self.hide()


class ResetPasswordDialog(QDialog):
    """Generated (default) or typed; hands the password to a callback, opened with open()."""

    def __init__(self, username: str, on_chosen: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Đặt lại mật khẩu — {username}")
        self._on_chosen = on_chosen
        self.generated = QRadioButton("Tạo mật khẩu ngẫu nhiên")
        self.typed = QRadioButton("Tự nhập mật khẩu")
        self.generated.setChecked(True)
        self.password = QLineEdit()
        self.password.setPlaceholderText(f"Ít nhất {MIN_PASSWORD} ký tự")
        self.password.setEnabled(False)
        self.typed.toggled.connect(self.password.setEnabled)
        self.typed.toggled.connect(lambda on: on and self.password.setFocus())
        self.error = PlainLabel()
        self.error.setObjectName("fieldError")
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Đặt lại mật khẩu")
        self.ok_button.setObjectName("primary")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(rich_label(markup("Đặt mật khẩu mới cho <b>{}</b>. Người dùng đang "
                                           "đăng nhập sẽ phải đăng nhập lại.", username)))
        layout.addWidget(self.generated)
        layout.addWidget(self.typed)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addWidget(box)

    def accept(self) -> None:
        if self.typed.isChecked():
            password = self.password.text()
            if len(password) < MIN_PASSWORD:
                self.error.setText(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
                return
        else:
            password = generate_password()
        super().accept()
        self._on_chosen(password)


class UsersTab(ListEditTab):
    COLUMNS = ("Tên đăng nhập", "Họ tên", "Vai trò", "Quầy", "Trạng thái")
    NEW_TEXT = "Thêm tài khoản"
    NEW_TITLE = "Thêm tài khoản mới"

    def __init__(self, admin: AdminApi, parent: QWidget | None = None) -> None:
        self.counters: list[Counter] = []
        self.password_dialog: ResetPasswordDialog | None = None
        self._typed_password = ""
        super().__init__(admin, parent)

    def build_form(self, fields: FieldForm) -> None:
        self.username = QLineEdit()
        self.username.setPlaceholderText("canbo5")
        self.username.setValidator(QRegularExpressionValidator(r"[a-z0-9._-]{0,60}"))
        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText("Nguyễn Văn An")
        self.role = QComboBox()
        for key, text in ROLE_LABELS.items():
            self.role.addItem(text, key)
        self.counter = QComboBox()
        self.active = QCheckBox("Đang hoạt động (được đăng nhập)")
        self.password = QLineEdit()
        self.password.setPlaceholderText(f"Ít nhất {MIN_PASSWORD} ký tự")
        generate = QPushButton("Tạo ngẫu nhiên")
        generate.clicked.connect(lambda: self.password.setText(generate_password()))
        password_row = QHBoxLayout()
        password_row.addWidget(self.password, 1)
        password_row.addWidget(generate)
        self.password_holder = QWidget()
        password_row.setContentsMargins(0, 0, 0, 0)
        self.password_holder.setLayout(password_row)
        fields.add("username", "Tên đăng nhập", self.username,
                   "Chữ thường không dấu, số, dấu . _ -; không đổi được sau khi tạo.")
        fields.add("full_name", "Họ tên", self.full_name, "In trên biên nhận (người tiếp nhận).")
        fields.add("role", "Vai trò", self.role)
        fields.add("counter_no", "Quầy", self.counter, "Quầy mặc định khi cán bộ đăng nhập.")
        fields.add("password", "Mật khẩu", self.password_holder,
                   "Chỉ hiện một lần sau khi lưu; ghi lại để trao cho người dùng.")
        fields.widgets["password"] = self.password
        fields.add("active", "", self.active)
        self.reset_button = QPushButton("Đặt lại mật khẩu…")
        self.reset_button.clicked.connect(self.open_reset_password)
        self.extra_buttons.addWidget(self.reset_button)
        self.totp_button = QPushButton("Xác thực hai bước…")
        self.totp_button.setToolTip("Đăng nhập cần thêm mã trên điện thoại (tài khoản quản trị)")
        self.totp_button.clicked.connect(self.open_totp)
        self.extra_buttons.addWidget(self.totp_button)
        self.totp_dialog: TotpDialog | None = None

    def add_below_form(self, layout: QVBoxLayout) -> None:
        self.notice = PasswordNotice()
        layout.addWidget(self.notice)

    def set_counters(self, counters: list[Counter]) -> None:
        chosen = self.counter.currentData()
        self.counters = list(counters)
        self.counter.clear()
        self.counter.addItem("— không gắn quầy —", None)
        for c in self.counters:
            self.counter.addItem(f"{c.no} · {c.name}", c.no)
        self.counter.setCurrentIndex(max(0, self.counter.findData(chosen)))

    def key(self, item: UserAccount) -> str:
        return item.username

    def title(self, item: UserAccount) -> str:
        return f"Tài khoản {item.username} — {item.full_name}"

    def row(self, u: UserAccount) -> list[str]:
        return [u.username, u.full_name, u.role_label,
                "" if u.counter_no is None else str(u.counter_no),
                "Hoạt động" if u.active else "Đã khóa"]

    def edit(self, item: Any) -> None:
        self.notice.forget()
        super().edit(item)

    def fill(self, u: UserAccount | None) -> None:
        self.username.setText(u.username if u else "")
        self.username.setReadOnly(u is not None)
        self.full_name.setText(u.full_name if u else "")
        self.role.setCurrentIndex(max(0, self.role.findData(u.role if u else "clerk")))
        self.counter.setCurrentIndex(max(0, self.counter.findData(u.counter_no if u else None)))
        self.active.setChecked(u.active if u else True)
        self.password.clear()
        self.fields.set_row_visible("password", u is None)
        self.reset_button.setVisible(u is not None)
        self.totp_button.setVisible(u is not None and u.role == "admin")
        self.totp_button.setText("Tắt xác thực hai bước…" if u is not None and u.totp
                                 else "Bật xác thực hai bước…")

    def collect(self) -> tuple[dict[str, Any] | None, dict[str, str]]:
        body: dict[str, Any] = {
            "username": self.username.text().strip(), "full_name": self.full_name.text().strip(),
            "role": self.role.currentData(), "counter_no": self.counter.currentData(),
            "active": self.active.isChecked(),
        }
        if self.current is None:
            body["password"] = self.password.text()
        problems = check_user(body, new=self.current is None)
        if problems:
            return None, problems
        if self.current is None:
            self._typed_password = body["password"]
            return body, {}
        changes = {k: body[k] for k in EDITABLE if body[k] != getattr(self.current, k)}
        return (changes or None), {}

    @staticmethod
    def send(admin: AdminApi, current: UserAccount | None,
             body: dict[str, Any]) -> UserAccount:
        if current is None:
            return admin.add_user(body)
        return admin.update_user(current.username, body)

    def saved_message(self, result: UserAccount, created: bool) -> str:
        if created:
            return f"Đã tạo tài khoản {result.username} ({result.role_label})."
        return f"Đã lưu tài khoản {result.username}."

    def _on_saved(self, result: Any, created: bool) -> None:
        super()._on_saved(result, created)
        if created and self._typed_password:
            self.notice.reveal(result.username, self._typed_password, reset=False)
        self._typed_password = ""

    # -- second factor (TOTP) ---------------------------------------------------------------

    def open_totp(self) -> None:
        if self.current is None:
            return
        username, admin = self.current.username, self.admin
        if self.current.totp:
            if ask(self, "Tắt xác thực hai bước",
                   f"Tài khoản {username} sẽ chỉ cần mật khẩu để đăng nhập. Tắt?"):
                Task(self, lambda: admin.totp_off(username), self._on_totp_changed) \
                    .failure(self._on_totp_failed).run()
            return
        self.status.say("Đang tạo mã bí mật…")
        Task(self, lambda: admin.totp_secret(username),
             lambda got: self._show_totp(username, *got)).failure(self._on_totp_failed).run()

    def _show_totp(self, username: str, secret: str, link: str) -> None:
        admin = self.admin

        def prove(code: str) -> None:
            Task(self, lambda: admin.totp_on(username, secret, code), self._on_totp_changed) \
                .failure(self._on_totp_failed).run()

        self.status.say("")
        self.totp_dialog = TotpDialog(username, secret, link, prove, self)
        self.totp_dialog.open()

    def _on_totp_changed(self, account: UserAccount) -> None:
        if self.totp_dialog is not None:
            self.totp_dialog.accept()
            self.totp_dialog = None
        state = "đã bật" if account.totp else "đã tắt"
        self.status.say(f"Xác thực hai bước của {account.username} {state}.", OK)
        self.current = account
        self.fill(account)
        self.sig_saved.emit(self.key(account))  # the window reads the accounts again

    def _on_totp_failed(self, exc: BaseException) -> None:
        _fields, summary = save_problems(exc, "two-step setup failed")
        if self.totp_dialog is not None and self.totp_dialog.isVisible():
            self.totp_dialog.show_error(summary or "Mã không đúng; nhập mã mới trên điện thoại.")
        else:
            self.status.say(f"Chưa đổi được xác thực hai bước. {summary}", BAD)

    # -- password reset ---------------------------------------------------------------------

    def open_reset_password(self) -> None:
        if self.current is None:
            return
        username = self.current.username
        self.password_dialog = ResetPasswordDialog(
            username, lambda pw: self._reset_password(username, pw), self)
        self.password_dialog.open()

    def _reset_password(self, username: str, password: str) -> None:
        admin = self.admin
        self.status.say(f"Đang đặt lại mật khẩu của {username}…")
        Task(self, lambda: admin.reset_password(username, password),
             lambda _u: self._on_reset(username, password)) \
            .failure(self._on_reset_failed).run()

    def _on_reset(self, username: str, password: str) -> None:
        self.status.say(f"Đã đặt lại mật khẩu của {username}.", OK)
        self.notice.reveal(username, password, reset=True)

    def _on_reset_failed(self, exc: BaseException) -> None:
        _fields, summary = save_problems(exc, "password reset failed")
        self.status.say(f"Chưa đặt lại được mật khẩu. {summary}", BAD)
