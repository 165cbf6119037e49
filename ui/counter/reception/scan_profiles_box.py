"""The office's scan settings per document kind (resolution, colour, both sides) and the
optional OCR text layer, in the scanner settings window. Saved as the settings
`scan_profiles`, `digitize_ocr` and `signing_stamp`; the digitise window uses them."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QGroupBox, QWidget

from counter_app import settings as S
from counter_app.digitize.scan_profiles import DPI_CHOICES, KINDS, profile, stored_form
from counter_app.digitize.scanners import ScanSettings
from counter_app.settings import Settings
from ui.common.plain_label import PlainLabel


class ScanProfilesBox(QGroupBox):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__("Thiết lập quét theo loại giấy tờ", parent)
        stored = settings.get(S.SCAN_PROFILES)
        grid = QGridLayout(self)
        self.rows: dict[str, tuple[QComboBox, QCheckBox, QCheckBox]] = {}
        for row, (kind, label) in enumerate(KINDS.items()):
            current = profile(stored, kind)
            dpi = QComboBox()
            dpi.setAccessibleName(f"Độ phân giải: {label}")
            for value in DPI_CHOICES:
                dpi.addItem(f"{value} dpi", value)
            dpi.setCurrentIndex(dpi.findData(current.dpi))
            colour = QCheckBox("Màu")
            colour.setChecked(current.colour)
            duplex = QCheckBox("Hai mặt")
            duplex.setToolTip("Quét cả hai mặt tờ giấy qua khay nạp (máy quét phải hỗ trợ)")
            duplex.setChecked(current.duplex)
            grid.addWidget(PlainLabel(label), row, 0)
            for column, widget in enumerate((dpi, colour, duplex), start=1):
                grid.addWidget(widget, row, column)
            self.rows[kind] = (dpi, colour, duplex)
        self.ocr = QCheckBox("Nhận dạng chữ tiếng Việt (OCR) để tìm kiếm được nội dung bản "
                             "số hóa (cần tesseract; chậm hơn)")
        self.ocr.setChecked(settings.get(S.DIGITIZE_OCR))
        grid.addWidget(self.ocr, len(KINDS), 0, 1, 4)
        self.stamp = QCheckBox("Hiện chữ ký số trên trang đầu bản số hóa (người ký, thời gian)")
        self.stamp.setChecked(settings.get(S.SIGNING_STAMP))
        grid.addWidget(self.stamp, len(KINDS) + 1, 0, 1, 4)

    def profiles(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for kind, (dpi, colour, duplex) in self.rows.items():
            base = profile({}, kind)
            out[kind] = stored_form(ScanSettings(dpi=int(dpi.currentData()),
                                                 colour=colour.isChecked(),
                                                 feeder=base.feeder,
                                                 duplex=duplex.isChecked()))
        return out

    def save_into(self, settings: Settings) -> None:
        settings.set(S.SCAN_PROFILES, self.profiles())
        settings.set(S.DIGITIZE_OCR, self.ocr.isChecked())
        settings.set(S.SIGNING_STAMP, self.stamp.isChecked())
