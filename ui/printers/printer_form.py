"""One printer's settings on screen: connection, paper, Vietnamese text route, QR, cutter."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from ui.common.plain_label import PlainLabel

KIND_LABELS = {
    "preview": "Xem trước trên màn hình (không cần máy in)", "usb": "USB",
    "serial": "Cổng COM / nối tiếp", "network": "Mạng LAN (cổng 9100)", "cups": "CUPS (Linux)",
    "win32": "Máy in Windows", "file": "Tệp / thiết bị",
}
ROUTE_LABELS = {
    "raster": "Ảnh — đúng dấu trên mọi máy in (khuyên dùng)",
    "cp1258": "Chữ CP1258 (nhanh; máy in hỗ trợ bảng mã 1258)",
    "tcvn3": "Chữ TCVN-3 (máy Epson; chữ hoa có dấu in bằng ảnh)",
}
PROFILES = ("default", "TM-T88V", "TM-T88IV", "TM-T20II", "TM-T82II", "TM-P80", "POS-5890")
FIELD_NAMES = {
    "name": "Tên", "kind": "Kết nối", "vendor_id": "Mã hãng USB", "product_id": "Mã sản phẩm USB",
    "port": "Cổng", "baudrate": "Tốc độ baud", "host": "Địa chỉ", "timeout": "Thời gian chờ",
    "queue": "Hàng đợi CUPS", "printer_name": "Máy in Windows", "path": "Đường dẫn",
    "paper_mm": "Khổ giấy", "profile": "Loại máy in", "text_route": "Cách in chữ",
    "code_page": "Bảng mã", "qr_route": "Mã QR", "copies": "Số liên", "role": "Vai trò",
}


class PrinterForm(QWidget):
    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.name = QLineEdit()
        self.kind = QComboBox()
        for key, text in KIND_LABELS.items():
            self.kind.addItem(text, key)
        self.vendor_id, self.product_id = QLineEdit(), QLineEdit()
        self.vendor_id.setPlaceholderText("vd. 0x04b8")
        self.product_id.setPlaceholderText("vd. 0x0202")
        self.serial_port = QComboBox()
        self.serial_port.setEditable(True)
        self.baudrate = QComboBox()
        for rate in (9600, 19200, 38400, 57600, 115200):
            self.baudrate.addItem(str(rate), rate)
        self.host = QLineEdit()
        self.host.setPlaceholderText("vd. 192.168.1.50")
        self.net_port = QSpinBox()
        self.net_port.setRange(1, 65535)
        self.net_port.setValue(9100)
        self.queue_name, self.win_name, self.path = QLineEdit(), QLineEdit(), QLineEdit()
        self.stack = QStackedWidget()
        self._pages: dict[str, int] = {}
        for kind, rows in (
            ("preview", []), ("usb", [("Mã hãng (VID)", self.vendor_id),
                                      ("Mã sản phẩm (PID)", self.product_id)]),
            ("serial", [("Cổng", self.serial_port), ("Tốc độ baud", self.baudrate)]),
            ("network", [("Địa chỉ IP / tên", self.host), ("Cổng", self.net_port)]),
            ("cups", [("Hàng đợi", self.queue_name)]), ("win32", [("Tên máy in", self.win_name)]),
            ("file", [("Đường dẫn", self.path)]),
        ):
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            for label, widget in rows:
                form.addRow(label, widget)
            if not rows:
                form.addRow(PlainLabel("Bản in hiện trên màn hình, giữ đúng các byte gửi máy in."))
            self._pages[kind] = self.stack.addWidget(page)
        self.kind.currentIndexChanged.connect(
            lambda: self.stack.setCurrentIndex(self._pages[self.kind.currentData()]))
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(0.2, 120)
        self.timeout.setSuffix(" giây")
        self.timeout.setDecimals(1)
        self.timeout.setValue(5)
        self.paper = QComboBox()
        self.paper.addItem("80 mm", 80)
        self.paper.addItem("58 mm", 58)
        self.profile = QComboBox()
        self.profile.setEditable(True)
        self.profile.addItems(PROFILES)
        self.route = QComboBox()
        for key, text in ROUTE_LABELS.items():
            self.route.addItem(text, key)
        self.code_page = QSpinBox()
        self.code_page.setRange(-1, 255)
        self.code_page.setSpecialValueText("Tự động theo loại máy in")
        self.code_page.setValue(-1)
        self.qr = QComboBox()
        self.qr.addItem("Lệnh QR của máy in (nếu có)", "native")
        self.qr.addItem("Ảnh", "image")
        self.cutter = QCheckBox("Có dao cắt giấy")
        self.status_check = QCheckBox("Hỏi trạng thái máy in (hết giấy, mở nắp) trước mỗi lần in")
        self.copies = QComboBox()
        self.copies.addItem("1 liên", 1)
        self.copies.addItem("2 liên (lưu + giao người nộp)", 2)
        self.errors = PlainLabel()
        self.errors.setObjectName("fieldError")
        self.errors.setWordWrap(True)
        self.errors.hide()

        form = QFormLayout(self)
        form.addRow("Tên máy in", self.name)
        form.addRow("Kết nối", self.kind)
        form.addRow("", self.stack)
        form.addRow("Thời gian chờ", self.timeout)
        form.addRow("Khổ giấy", self.paper)
        form.addRow("Loại máy in", self.profile)
        form.addRow("Cách in chữ tiếng Việt", self.route)
        form.addRow("Bảng mã (ESC t)", self.code_page)
        form.addRow("Mã QR", self.qr)
        form.addRow("Số liên", self.copies)
        form.addRow("", self.cutter)
        form.addRow("", self.status_check)
        form.addRow(self.errors)

    def set_settings(self, s) -> None:  # printing.settings.PrinterSettings
        self.name.setText(s.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(s.kind)))
        self.vendor_id.setText(f"0x{s.vendor_id:04x}" if s.vendor_id is not None else "")
        self.product_id.setText(f"0x{s.product_id:04x}" if s.product_id is not None else "")
        if s.kind == "serial":
            self.serial_port.setCurrentText(str(s.port or ""))
        if s.kind == "network":
            self.net_port.setValue(int(s.port or 9100))
        self.baudrate.setCurrentIndex(max(0, self.baudrate.findData(s.baudrate)))
        self.host.setText(s.host)
        self.queue_name.setText(s.queue)
        self.win_name.setText(s.printer_name)
        self.path.setText(s.path)
        self.timeout.setValue(s.timeout)
        self.paper.setCurrentIndex(max(0, self.paper.findData(s.paper_mm)))
        self.profile.setCurrentText(s.profile)
        self.route.setCurrentIndex(max(0, self.route.findData(s.text_route)))
        self.code_page.setValue(-1 if s.code_page is None else s.code_page)
        self.qr.setCurrentIndex(max(0, self.qr.findData(s.qr_route)))
        self.copies.setCurrentIndex(max(0, self.copies.findData(s.copies)))
        self.cutter.setChecked(s.cutter)
        self.status_check.setChecked(s.status_check)
        self.stack.setCurrentIndex(self._pages[s.kind])

    def values(self) -> dict:
        kind = self.kind.currentData()
        port = {"serial": self.serial_port.currentText().strip(),
                "network": self.net_port.value()}.get(kind)
        return {
            "name": self.name.text().strip(), "role": self.role, "kind": kind,
            "vendor_id": self.vendor_id.text().strip() or None,
            "product_id": self.product_id.text().strip() or None,
            "port": port, "baudrate": self.baudrate.currentData(), "host": self.host.text().strip(),
            "timeout": self.timeout.value(), "queue": self.queue_name.text().strip(),
            "printer_name": self.win_name.text().strip(), "path": self.path.text().strip(),
            "paper_mm": self.paper.currentData(), "profile": self.profile.currentText().strip(),
            "text_route": self.route.currentData(),
            "code_page": None if self.code_page.value() < 0 else self.code_page.value(),
            "qr_route": self.qr.currentData(), "copies": self.copies.currentData(),
            "cutter": self.cutter.isChecked(), "status_check": self.status_check.isChecked(),
        }

    def read(self):  # -> PrinterSettings | None, showing errors next to the form
        from printing.settings import PrinterSettings, SettingsError

        try:
            settings = PrinterSettings.from_dict(self.values())
        except SettingsError as exc:
            self.errors.setText("\n".join(f"{FIELD_NAMES.get(k, k)}: {v}"
                                          for k, v in exc.errors.items()))
            self.errors.show()
            return None
        self.errors.hide()
        return settings
