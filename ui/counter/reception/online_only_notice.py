"""What the procedure panel shows for an online-only procedure (Directive 24/CT-TTg): why
there is no paper receipt, and the way forward, helping the citizen file on the portal."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from counter_app.domain.online_only import ASSIST_LABEL, NOTICE
from ui.common.plain_label import PlainLabel
from ui.common.style import WARN


class OnlineOnlyNotice(QFrame):
    sig_assist_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onlineOnly")
        self.setStyleSheet(f"QFrame#onlineOnly {{ border: 2px solid {WARN}; "
                           "border-radius: 4px; background: #fff8ef; }")
        self.text = PlainLabel(NOTICE)
        self.text.setWordWrap(True)
        self.text.setStyleSheet(f"color: {WARN}; font-weight: 600; border: none;")
        self.assist_button = QPushButton(f"{ASSIST_LABEL}…")
        self.assist_button.setToolTip("Ghi nhận đã hỗ trợ người dân nộp hồ sơ trên Cổng Dịch "
                                      "vụ công, với mã hồ sơ của Cổng")
        self.assist_button.clicked.connect(self.sig_assist_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.text)
        layout.addWidget(self.assist_button)
        self.hide()
