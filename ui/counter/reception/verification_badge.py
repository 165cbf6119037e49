"""One line that says, in colour and words, what the population database answered."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from counter_app.client.models import VerifyResult
from ui.common.plain_label import PlainLabel
from ui.common.style import BAD, MUTED, OK, WARN

FIELD_NAMES = {"full_name": "họ tên", "date_of_birth": "ngày sinh", "sex": "giới tính",
               "id_number": "số định danh"}


def describe(result: VerifyResult) -> tuple[str, str]:
    level = f" · mức định danh {result.assurance_level}" if result.assurance_level else ""
    if result.outcome == "matched":
        return OK, f"✔ Đã xác thực với CSDL quốc gia về dân cư{level}"
    if result.outcome == "mismatched":
        fields = ", ".join(FIELD_NAMES.get(f, f) for f in result.mismatched_fields)
        return WARN, f"⚠ Sai lệch so với CSDL dân cư: {fields}. Kiểm tra lại thẻ và giấy tờ."
    if result.outcome == "not_found":
        return BAD, "✖ Không tìm thấy số định danh trong CSDL dân cư."
    return MUTED, "Không kiểm tra được lúc này: " + (result.message or "dịch vụ xác thực không sẵn sàng.")


class VerificationBadge(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = PlainLabel()
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label)
        self.outcome: str | None = None
        self.show_idle()

    def _paint(self, color: str, text: str) -> None:
        r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
        self.setStyleSheet(
            f"#banner {{ background: rgba({r}, {g}, {b}, 26); border: 1px solid {color}; }}"
            f" QLabel {{ color: {color}; font-weight: 600; }}"
        )
        self.label.setText(text)

    def show_idle(self) -> None:
        self.outcome = None
        self._paint(MUTED, "Quét mã QR trên thẻ CCCD (ở bất kỳ đâu trong cửa sổ) hoặc nhập tay.")

    def show_checking(self) -> None:
        self.outcome = None
        self._paint(MUTED, "Đang xác thực với máy chủ…")

    def show_local_error(self, message: str) -> None:
        self.outcome = None
        self._paint(BAD, "✖ " + message)

    def show_result(self, result: VerifyResult) -> None:
        self.outcome = result.outcome
        self._paint(*describe(result))

    def show_failure(self, message: str) -> None:
        self.outcome = "unavailable"
        self._paint(MUTED, "Không kiểm tra được: " + message)
