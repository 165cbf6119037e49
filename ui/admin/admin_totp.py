"""Turning on an admin account's second sign-in factor (TOTP) from the admin window: the
phone app scans a QR code (or the secret is typed), and one code from it proves the phone
has it before the server keeps the secret. The secret never leaves this dialog otherwise."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.common.plain_label import PlainLabel


def qr_pixmap(text: str, scale: int = 6) -> QPixmap:
    import qrcode

    matrix = qrcode.QRCode(border=2, box_size=scale)
    matrix.add_data(text)
    matrix.make(fit=True)
    image = matrix.make_image().get_image().convert("L")
    data = image.tobytes()
    q = QImage(data, image.width, image.height, image.width, QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(q.copy())


class TotpDialog(QDialog):
    def __init__(self, username: str, secret: str, link: str,
                 on_code: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.secret, self._on_code = secret, on_code
        self.setWindowTitle(f"Xác thực hai bước cho {username}")
        steps = PlainLabel(
            "1. Mở ứng dụng xác thực trên điện thoại (Google Authenticator, Microsoft "
            "Authenticator…) và quét mã QR dưới đây, hoặc nhập mã bí mật.\n"
            "2. Nhập mã 6 chữ số ứng dụng hiện ra để xác nhận.\n"
            "Từ lần đăng nhập sau, tài khoản cần cả mật khẩu và mã trên điện thoại.")
        steps.setWordWrap(True)
        self.qr = PlainLabel()
        self.qr.setPixmap(qr_pixmap(link))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        shown = PlainLabel("Mã bí mật: " + " ".join(secret[i:i + 4]
                                                     for i in range(0, len(secret), 4)))
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code = QLineEdit()
        self.code.setPlaceholderText("Mã 6 chữ số")
        self.code.setValidator(QRegularExpressionValidator(r"[0-9]{0,8}", self))
        self.error = PlainLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox()
        self.confirm = buttons.addButton("Bật xác thực hai bước",
                                         QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        self.code.returnPressed.connect(self._submit)
        layout = QVBoxLayout(self)
        for widget in (steps, self.qr, shown, self.code, self.error, buttons):
            layout.addWidget(widget)

    def _submit(self) -> None:
        code = self.code.text().strip()
        if len(code) < 6:
            self.show_error("Nhập đủ 6 chữ số ứng dụng hiện ra.")
            return
        self.confirm.setEnabled(False)
        self._on_code(code)

    def show_error(self, text: str) -> None:
        self.confirm.setEnabled(True)
        self.error.setText(text)
        self.error.show()
