"""Hỗ trợ nộp trực tuyến: the clerk helped the citizen file an online-only procedure on the
national portal and records the portal's dossier code (typed, or scanned: this dialog is
its own window, so the counter's card-scanner filter leaves its keys alone), linked to the
queue ticket being served. No personal data: the portal holds the dossier."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from counter_app.client.api import ApiClient, new_idempotency_key
from counter_app.client.assisted_filing import AssistDraft, AssistedFiling, record_assisted_filing
from counter_app.client.models import Procedure
from counter_app.client.queue import Ticket
from counter_app.domain.online_only import (
    ASSIST_LABEL,
    DIRECTIVE,
    PORTAL_CODE_MAX,
    portal_code_problem,
)
from ui.common.plain_label import PlainLabel, markup, rich_label
from ui.common.tasks import Task, describe

log = logging.getLogger(__name__)
SUBMIT = "Ghi nhận"


class OnlineAssistDialog(QDialog):
    sig_recorded = Signal(object)
    """The backend stored the record (AssistedFiling)."""

    def __init__(self, api: ApiClient, procedure: Procedure, ticket: Ticket | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(ASSIST_LABEL)
        self.setModal(True)
        self._api = api
        self._procedure = procedure
        self._ticket = ticket
        self._keys: dict[AssistDraft, str] = {}  # one key per draft, kept across retries
        self._busy = False
        heading = PlainLabel(ASSIST_LABEL)
        heading.setObjectName("title")
        served = (f"phiếu số {ticket.number}" if ticket is not None
                  else "không có phiếu thứ tự đang phục vụ")
        about = rich_label(markup("<b>Thủ tục:</b> {} ({})<br><b>Lượt phục vụ:</b> {}",
                                  procedure.name, procedure.code, served))
        about.setWordWrap(True)
        hint = PlainLabel(f"Theo {DIRECTIVE}, thủ tục này chỉ nộp trực tuyến. Sau khi người "
                          "dân nộp xong trên Cổng Dịch vụ công, nhập hoặc quét mã hồ sơ Cổng "
                          "cấp.")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.portal_code = QLineEdit()
        self.portal_code.setPlaceholderText("Mã hồ sơ trên Cổng Dịch vụ công")
        self.portal_code.setMaxLength(PORTAL_CODE_MAX + 20)  # room to say "too long"
        self.error = PlainLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.submit_button = QPushButton(SUBMIT)
        self.submit_button.setObjectName("primary")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton("Hủy")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(about)
        layout.addWidget(hint)
        layout.addWidget(PlainLabel("Mã hồ sơ trên Cổng"))
        layout.addWidget(self.portal_code)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(560, 280)
        self.portal_code.setFocus()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def submit(self) -> None:
        if self._busy:
            return
        problem = portal_code_problem(self.portal_code.text())
        if problem is not None:
            self.show_error(problem)
            return
        ticket_id = self._ticket.id if self._ticket is not None else None
        draft = AssistDraft(self._procedure.code, self.portal_code.text().strip(), ticket_id)
        # A retry after a timeout sends the same key: the backend answers the record it may
        # already have stored instead of counting the citizen twice.
        key = self._keys.setdefault(draft, new_idempotency_key())
        self.show_error("")
        self._set_busy(True)
        api = self._api
        Task(self, lambda: record_assisted_filing(api, draft, key), self._on_recorded) \
            .failure(self._on_failed).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.submit_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.submit_button.setText("Đang ghi nhận…" if busy else SUBMIT)

    def _on_recorded(self, record: AssistedFiling) -> None:
        self._set_busy(False)
        log.info("assisted online filing %s recorded (procedure %s, ticket %s)", record.id,
                 record.procedure_code, record.ticket_id)
        self.sig_recorded.emit(record)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.show_error(describe(exc, "recording an assisted online filing failed", retry=(
            "Bấm Ghi nhận lại để thử tiếp; lượt hỗ trợ sẽ không bị ghi trùng.")))

    def reject(self) -> None:
        if not self._busy:
            super().reject()
