"""Form 03: the office does not take the dossier, and says why in writing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from counter_app.client.dossiers import DossierApi, RefusalDraft
from counter_app.client.models import Applicant, Procedure
from ui.common.plain_label import PlainLabel
from ui.counter.reception.record_dialog import RecordDialog

COMMON_REASONS = (
    "Thủ tục không thuộc thẩm quyền giải quyết của cơ quan.",
    "Người nộp không thuộc đối tượng thực hiện thủ tục hành chính này.",
    "Hồ sơ đã được giải quyết trước đó, không có căn cứ giải quyết lại.",
    "Người nộp không bổ sung, hoàn thiện hồ sơ theo yêu cầu.",
)


class RefusalDialog(RecordDialog):
    def __init__(self, api: DossierApi, procedure: Procedure, applicant: Applicant,
                 ticket_id: int | None, keys: dict, parent: QWidget | None = None) -> None:
        super().__init__("Phiếu từ chối tiếp nhận, giải quyết hồ sơ (mẫu 03)",
                         "Ghi nhận và in mẫu 03", procedure, applicant, keys, parent)
        self._api = api
        self._procedure = procedure
        self._applicant = applicant
        self._ticket_id = ticket_id
        self.common = QComboBox()
        self.common.addItem("Chọn lý do thường gặp…", "")
        for text in COMMON_REASONS:
            self.common.addItem(text, text)
        self.common.activated.connect(self._on_common_reason)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Lý do cụ thể không tiếp nhận hồ sơ (bắt buộc)")
        hint = PlainLabel("Lý do được in nguyên văn trên phiếu giao cho người nộp.")
        hint.setObjectName("hint")
        self.body.addWidget(PlainLabel("Lý do từ chối"))
        self.body.addWidget(self.common)
        self.body.addWidget(self.reason, 1)
        self.body.addWidget(hint)
        self.resize(680, 440)

    def _on_common_reason(self, index: int) -> None:
        text = self.common.itemData(index)
        if text:
            self.reason.setPlainText(text)
        self.common.setCurrentIndex(0)

    def draft(self) -> RefusalDraft | None:
        reason = " ".join(self.reason.toPlainText().split())
        if len(reason) < 5:
            self.show_error("Nhập lý do cụ thể không tiếp nhận hồ sơ.")
            return None
        return RefusalDraft(self._procedure.code, self._applicant, reason, self._ticket_id)

    def operation(self, draft: Any, key: str) -> Callable[[], Any]:
        api = self._api
        return lambda: api.refusal(draft, key)
