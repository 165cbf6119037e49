"""On-screen preview built from the very picture the printer gets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QScrollArea, QVBoxLayout, QWidget

from ui.common.plain_label import PlainLabel
from ui.counter.reception.receipt_panel import pil_to_qimage


class PrintPreviewDialog(QDialog):
    def __init__(self, image, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Xem bản in — {title}")
        picture = PlainLabel()
        picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # 1:1 dots: what the clerk sees is exactly what the thermal head burns.
        picture.setPixmap(QPixmap.fromImage(pil_to_qimage(image)))
        scroll = QScrollArea()
        scroll.setWidget(picture)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self.resize(min(image.width + 60, 700), 760)
