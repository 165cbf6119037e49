"""Form 02: ask the applicant for exactly the documents that are missing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from counter_app.client.dossiers import KIND_LABELS, DossierApi, MissingItem, SupplementDraft
from counter_app.client.models import Applicant, DocumentSpec, Procedure
from ui.common.plain_label import PlainLabel, plain_tip
from ui.common.table_cells import cell_item, cell_widget
from ui.counter.reception.record_dialog import RecordDialog

DEFAULT_REASON = "Hồ sơ chưa đủ thành phần theo quy định của thủ tục hành chính."
DEFAULT_LINE_REASON = "Chưa nộp"


class SupplementDialog(RecordDialog):
    def __init__(self, api: DossierApi, procedure: Procedure, applicant: Applicant,
                 missing: list[DocumentSpec], contact: tuple[str, str], ticket_id: int | None,
                 keys: dict, parent: QWidget | None = None) -> None:
        super().__init__("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)",
                         "Ghi nhận và in mẫu 02", procedure, applicant, keys, parent)
        self._api = api
        self._procedure = procedure
        self._applicant = applicant
        self._ticket_id = ticket_id
        self.table = QTableWidget(len(missing), 3)
        self.table.setHorizontalHeaderLabels(["Giấy tờ cần bổ sung", "Loại bản", "Lý do"])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 200)
        for row, spec in enumerate(missing):
            name = QTableWidgetItem(spec.name)
            name.setToolTip(plain_tip(spec.name))
            self.table.setItem(row, 0, name)
            kind = QComboBox()
            for key, text in KIND_LABELS.items():
                kind.addItem(text, key)
            kind.setCurrentIndex(kind.findData("original" if spec.originals else "copy"))
            self.table.setCellWidget(row, 1, kind)
            self.table.setCellWidget(row, 2, QLineEdit(DEFAULT_LINE_REASON))
        self.table.resizeRowsToContents()
        self.table.setMinimumHeight(min(260, 40 + 36 * max(1, len(missing))))
        self.reason = QPlainTextEdit(DEFAULT_REASON)
        self.reason.setFixedHeight(64)
        self.contact_name = QLineEdit(contact[0])
        self.contact_phone = QLineEdit(contact[1])
        form = QFormLayout()
        form.addRow("Lý do chung", self.reason)
        form.addRow("Người hướng dẫn", self.contact_name)
        form.addRow("Điện thoại liên hệ", self.contact_phone)
        hint = PlainLabel("Ghi đúng những giấy tờ còn thiếu hoặc chưa đúng; không yêu cầu thêm "
                          "giấy tờ ngoài quy định của thủ tục.")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(hint)
        self.body.addLayout(form)
        self.resize(820, 560)

    def items(self) -> tuple[MissingItem, ...]:
        return tuple(
            MissingItem(cell_item(self.table, row, 0).text().strip(),
                        cell_widget(self.table, row, 1, QComboBox).currentData(),
                        cell_widget(self.table, row, 2, QLineEdit).text().strip())
            for row in range(self.table.rowCount()))

    def draft(self) -> SupplementDraft | None:
        items = self.items()
        problems = []
        if not items:
            problems.append("Không có giấy tờ nào cần bổ sung.")
        if any(not m.name or not m.reason for m in items):
            problems.append("Mỗi giấy tờ cần có tên và lý do.")
        reason = " ".join(self.reason.toPlainText().split())
        if not reason:
            problems.append("Nhập lý do chung.")
        name, phone = self.contact_name.text().strip(), self.contact_phone.text().strip()
        if not name or not phone:
            problems.append("Nhập người hướng dẫn và số điện thoại liên hệ.")
        if problems:
            self.show_error(" ".join(problems))
            return None
        return SupplementDraft(self._procedure.code, self._applicant, items, reason,
                               name, phone, self._ticket_id)

    def operation(self, draft: Any, key: str) -> Callable[[], Any]:
        api = self._api
        return lambda: api.supplement(draft, key)
