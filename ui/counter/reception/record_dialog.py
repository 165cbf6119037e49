"""What forms 02 and 03 share: a dialog that records one paper on the backend (with an
idempotency key kept across retries) and closes only once the record exists."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from counter_app.client.api import new_idempotency_key
from counter_app.client.models import Applicant, Procedure
from ui.common.plain_label import PlainLabel, markup, rich_label
from ui.common.tasks import Task, describe

log = logging.getLogger(__name__)


class RecordDialog(QDialog):
    sig_recorded = Signal(object)
    """The backend recorded the paper (Supplement or Refusal); printing is the caller's."""

    def __init__(self, title: str, submit_text: str, procedure: Procedure,
                 applicant: Applicant, keys: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._keys = keys  # draft -> idempotency key, owned by the reception page
        self._busy = False
        heading = PlainLabel(title)
        heading.setObjectName("title")
        heading.setWordWrap(True)
        who = rich_label(markup("<b>Người nộp:</b> {} · {}<br><b>Thủ tục:</b> {} ({})",
                                applicant.full_name, applicant.address, procedure.name,
                                procedure.code))
        who.setWordWrap(True)
        self.body = QVBoxLayout()
        self.error = PlainLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.submit_button = QPushButton(submit_text)
        self.submit_button.setObjectName("primary")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        self._submit_text = submit_text
        self.cancel_button = QPushButton("Hủy")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(who)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    # -- for subclasses ---------------------------------------------------------------------

    def draft(self) -> Any | None:
        """The paper to record, or None after showing what is missing in self.error."""
        raise NotImplementedError

    def operation(self, draft: Any, key: str) -> Callable[[], Any]:
        raise NotImplementedError

    # -- submitting -------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def submit(self) -> None:
        if self._busy:
            return
        draft = self.draft()
        if draft is None:
            return
        # A retry after a timeout sends the same key: the backend answers with the paper it
        # may already have recorded instead of a second one.
        key = self._keys.setdefault(draft, new_idempotency_key())
        self.show_error("")
        self._set_busy(True)
        Task(self, self.operation(draft, key), self._on_recorded).failure(self._on_failed).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.submit_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.submit_button.setText("Đang ghi nhận…" if busy else self._submit_text)

    def _on_recorded(self, record: Any) -> None:
        self._set_busy(False)
        self.sig_recorded.emit(record)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.show_error(describe(exc, "recording failed", retry=(
            "Bấm ghi nhận lại để thử tiếp; phiếu sẽ không bị tạo trùng.")))

    def reject(self) -> None:
        if not self._busy:  # closing mid-request would lose the paper's print
            super().reject()
