"""Form 05: the citizen withdraws the dossier, or the law stops it; the reason is required
and goes on the printed notice."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.common.plain_label import PlainLabel

MIN_REASON = 5


class StopDialog(QDialog):
    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dừng giải quyết hồ sơ (Mẫu số 05)")
        self.withdrawn = QRadioButton("Công dân, tổ chức xin rút hồ sơ")
        self.by_law = QRadioButton("Dừng giải quyết theo quy định của pháp luật")
        self.withdrawn.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.withdrawn)
        group.addButton(self.by_law)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Lý do (in trên Thông báo dừng giải quyết hồ sơ)")
        self.reason.textChanged.connect(self._check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Dừng và in Mẫu 05")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(f"Hồ sơ {code}: sau khi dừng, hồ sơ không giải quyết "
                                    "tiếp được nữa."))
        layout.addWidget(self.withdrawn)
        layout.addWidget(self.by_law)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.resize(560, 300)
        self._check()

    @property
    def kind(self) -> str:
        return "withdrawn" if self.withdrawn.isChecked() else "stopped"

    @property
    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(len(self.reason_text) >= MIN_REASON)
