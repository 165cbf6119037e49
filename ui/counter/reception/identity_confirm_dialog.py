"""Taking a dossier although the population database contradicts the applicant's card:
the clerk confirms, and says why; the reason is kept with the dossier."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.models import VerifyResult
from ui.common.plain_label import PlainLabel
from ui.counter.reception.verification_badge import FIELD_NAMES

MIN_REASON = 10  # "ok", "đã xem" say nothing an inspector could check
MAX_REASON = 800  # the dossier note holds 1000 with the heading


def outcome_text(result: VerifyResult) -> str:
    if result.outcome == "not_found":
        return "không tìm thấy số định danh trong CSDL dân cư"
    fields = ", ".join(FIELD_NAMES.get(f, f) for f in result.mismatched_fields)
    return f"sai lệch so với CSDL dân cư ({fields})" if fields else "sai lệch so với CSDL dân cư"


def dossier_note(result: VerifyResult, reason: str) -> str:
    """What the dossier keeps: what the check said, then the clerk's words."""
    return f"Tiếp nhận dù danh tính {outcome_text(result)}. Lý do: {reason}"


class IdentityConfirmDialog(QDialog):
    def __init__(self, result: VerifyResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Danh tính không khớp CSDL dân cư")
        self.setModal(True)
        message = self.message = PlainLabel(
            f"Kết quả xác thực: {outcome_text(result)}.\n"
            "Chỉ tiếp nhận khi đã đối chiếu giấy tờ gốc của người nộp. Ghi lý do tiếp nhận; "
            "lý do được lưu cùng hồ sơ.")
        message.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(
            "Ví dụ: đã đối chiếu thẻ CCCD gốc; họ tên trong CSDL chưa cập nhật sau cải chính.")
        self.reason.textChanged.connect(self._update)
        self.hint = PlainLabel()
        self.hint.setObjectName("hint")
        self.cancel_button = QPushButton("Quay lại hồ sơ")
        self.cancel_button.clicked.connect(self.reject)
        self.confirm_button = QPushButton("Vẫn tiếp nhận")
        self.confirm_button.setObjectName("primary")
        self.confirm_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self.resize(520, 300)
        self._update()
        self.cancel_button.setDefault(True)  # Enter never confirms by accident
        self.reason.setFocus()

    def reason_text(self) -> str:
        return " ".join(self.reason.toPlainText().split())

    def _update(self) -> None:
        n = len(self.reason_text())
        ok = MIN_REASON <= n <= MAX_REASON
        self.confirm_button.setEnabled(ok)
        if n < MIN_REASON:
            self.hint.setText(f"Lý do ít nhất {MIN_REASON} ký tự.")
        elif n > MAX_REASON:
            self.hint.setText(f"Lý do tối đa {MAX_REASON} ký tự (hiện {n}).")
        else:
            self.hint.setText("")

    def accept(self) -> None:
        if self.confirm_button.isEnabled():
            super().accept()
