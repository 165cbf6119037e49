"""One page, large, with zoom: buttons, Ctrl+wheel, and "fit width"."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QWheelEvent
from PySide6.QtWidgets import QScrollArea, QWidget

from ui.common.plain_label import PlainLabel

ZOOMS = (0.25, 0.33, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0)


def to_qimage(image: Image.Image) -> QImage:
    rgb = image.convert("RGB")
    data = rgb.tobytes()
    return QImage(data, rgb.width, rgb.height, rgb.width * 3,
                  QImage.Format.Format_RGB888).copy()  # copy: `data` goes away


class PageView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = PlainLabel("Chọn một trang để xem.")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self.label)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._image: QImage | None = None
        self.zoom = 0.5
        self.fit = True

    def show_page(self, image: Image.Image | None) -> None:
        self._image = to_qimage(image) if image is not None else None
        self._render()

    def zoom_in(self) -> None:
        self.fit = False
        self.zoom = next((z for z in ZOOMS if z > self.zoom + 1e-6), ZOOMS[-1])
        self._render()

    def zoom_out(self) -> None:
        self.fit = False
        self.zoom = next((z for z in reversed(ZOOMS) if z < self.zoom - 1e-6), ZOOMS[0])
        self._render()

    def fit_width(self) -> None:
        self.fit = True
        self._render()

    def _render(self) -> None:
        if self._image is None:
            self.label.setPixmap(QPixmap())
            self.label.setText("Không có trang để xem.")
            self.label.adjustSize()
            return
        if self.fit:
            room = max(100, self.viewport().width() - 4)
            self.zoom = room / self._image.width()
        width = max(1, int(self._image.width() * self.zoom))
        scaled = self._image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.label.setPixmap(QPixmap.fromImage(scaled))
        self.label.resize(scaled.size())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            (self.zoom_in if event.angleDelta().y() > 0 else self.zoom_out)()
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit:
            self._render()
