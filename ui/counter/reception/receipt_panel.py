"""What the clerk sees after saving: the dossier code, the appointment, the printed receipt."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.models import Dossier
from counter_app.domain.clock import in_office_time
from ui.common.plain_label import PlainLabel
from ui.common.style import BAD, MUTED, OK


def pil_to_qimage(image) -> QImage:
    rgb = image.convert("L")
    data = rgb.tobytes()
    qimage = QImage(data, rgb.width, rgb.height, rgb.width, QImage.Format.Format_Grayscale8)
    return qimage.copy()  # detach from the Python buffer before it is freed


class ReceiptPanel(QWidget):
    sig_reprint_requested = Signal()
    """The clerk asked for the last receipt again."""
    sig_pdf_requested = Signal()
    """The clerk wants the receipt as an A4 PDF (laser printer, e-mail)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = PlainLabel("—")
        self.code.setObjectName("dossierCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = PlainLabel("Hồ sơ tiếp nhận sẽ hiện ở đây.")
        self.details.setObjectName("hint")
        self.details.setWordWrap(True)
        self.print_state = PlainLabel()
        self.print_state.setWordWrap(True)
        self.reprint = QPushButton("In lại biên nhận")
        self.reprint.setEnabled(False)
        self.reprint.clicked.connect(self.sig_reprint_requested)
        self.pdf = QPushButton("Lưu bản A4 (PDF)…")
        self.pdf.setEnabled(False)
        self.pdf.clicked.connect(self.sig_pdf_requested)
        self.preview = PlainLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.preview)
        scroll.setMinimumWidth(240)  # a 1366 px screen also holds the queue
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.code)
        layout.addWidget(self.details)
        layout.addWidget(self.print_state)
        row = QVBoxLayout()  # stacked: side by side they need more than a 1366 px screen has
        row.addWidget(self.reprint)
        row.addWidget(self.pdf)
        layout.addLayout(row)
        layout.addWidget(scroll, 1)

    def show_dossier(self, dossier: Dossier) -> None:
        self.show_record(dossier.code, (
            f"{dossier.procedure.name}\n"
            f"Tiếp nhận: {in_office_time(dossier.received_at):%H:%M %d/%m/%Y} · "
            f"Hẹn trả: {in_office_time(dossier.due_at):%H:%M %d/%m/%Y}"), "In lại biên nhận", pdf=True)

    def show_record(self, code: str, details: str, reprint_text: str, pdf: bool = False) -> None:
        """Any printed paper: a receipt, form 02 or 03, a return slip."""
        self.code.setText(code)
        self.details.setText(details)
        self.reprint.setText(reprint_text)
        self.reprint.setEnabled(True)
        self.pdf.setEnabled(pdf)
        self.preview.clear()

    def clear(self, hint: str = "Hồ sơ tiếp nhận sẽ hiện ở đây.") -> None:
        self.code.setText("—")
        self.details.setText(hint)
        self.print_state.setText("")
        self.reprint.setEnabled(False)
        self.pdf.setEnabled(False)
        self.preview.clear()

    def show_print_state(self, text: str, state: str) -> None:
        color = {"done": OK, "failed": BAD}.get(state, MUTED)
        self.print_state.setStyleSheet(f"color: {color}; font-weight: 600;")
        self.print_state.setText(text)

    def show_picture(self, image) -> None:
        pixmap = QPixmap.fromImage(pil_to_qimage(image))
        self.preview.setPixmap(pixmap.scaledToWidth(
            min(pixmap.width(), 320), Qt.TransformationMode.SmoothTransformation))
