"""Chosen once per PC: the scanner (found on this machine, or a network scanner's folder)
and what signs the digitised papers (a .p12 file or a USB token). 'Thử' opens the signer
with the password or PIN typed there, off the UI thread, and names it; nothing secret is
saved: the settings keep only the file, library and labels."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app import settings as S
from counter_app.digitize.scanners import ScannerInfo
from counter_app.settings import Settings
from ui.common.plain_label import PlainLabel
from ui.common.style import BAD, MUTED, OK
from ui.common.tasks import Task, describe
from ui.counter.reception.scan_profiles_box import ScanProfilesBox

log = logging.getLogger(__name__)
NONE, P12, TOKEN = "none", "p12", "pkcs11"


class DigitizeSettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Máy quét và chữ ký số")
        self.scanner = QComboBox()
        self.scanner.setAccessibleName("Máy quét")
        self.scanner.addItem("Không dùng máy quét (chỉ thêm tệp)", "")
        chosen = settings.get(S.SCANNER)
        if chosen:
            self.scanner.addItem(chosen, chosen)
            self.scanner.setCurrentIndex(1)
        find = QPushButton("Tìm máy quét")
        find.clicked.connect(self.discover)
        folder = QPushButton("Thư mục máy quét mạng…")
        folder.clicked.connect(self._pick_folder)
        scanners = QHBoxLayout()
        scanners.addWidget(self.scanner, 1)
        scanners.addWidget(find)
        scanners.addWidget(folder)

        self.kind = QComboBox()
        self.kind.addItem("Không ký số (chưa có chứng thư)", NONE)
        self.kind.addItem("Tệp chứng thư .p12/.pfx", P12)
        self.kind.addItem("USB ký số (PKCS#11)", TOKEN)
        self.p12 = QLineEdit(settings.get(S.SIGNING_P12))
        self.p12.setPlaceholderText("đường dẫn tệp .p12/.pfx")
        token = (settings.get(S.SIGNING_PKCS11) or "||").split("|")
        self.library = QLineEdit(token[0] if len(token) == 3 else "")
        self.library.setPlaceholderText("thư viện PKCS#11 của nhà cung cấp (.dll/.so)")
        self.token_label = QLineEdit(token[1] if len(token) == 3 else "")
        self.key_label = QLineEdit(token[2] if len(token) == 3 else "")
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText("mật khẩu / mã PIN, chỉ để thử, không lưu")
        self.kind.setCurrentIndex(1 if self.p12.text() else 2 if self.library.text() else 0)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_kind())

        form = QFormLayout()
        form.addRow("Máy quét", scanners)
        form.addRow("Ký số bản số hóa", self.kind)
        form.addRow("Tệp chứng thư", self.p12)
        form.addRow("Thư viện USB", self.library)
        form.addRow("Tên USB", self.token_label)
        form.addRow("Tên khóa", self.key_label)
        form.addRow("Thử với", self.secret)
        self.profiles = ScanProfilesBox(settings)
        self.status = PlainLabel()
        self.status.setWordWrap(True)
        test = QPushButton("Thử ký")
        test.clicked.connect(self.try_signer)
        save = QPushButton("Lưu")
        save.setObjectName("primary")
        save.clicked.connect(self.save)
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(test)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.profiles)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._show_kind()
        self.resize(760, 480)

    def _show_kind(self) -> None:
        kind = self.kind.currentData()
        self.p12.setEnabled(kind == P12)
        for w in (self.library, self.token_label, self.key_label):
            w.setEnabled(kind == TOKEN)
        self.secret.setEnabled(kind != NONE)

    def _say(self, text: str, color: str) -> None:
        self.status.setStyleSheet(f"color: {color};")
        self.status.setText(text)

    # -- the scanner -------------------------------------------------------------------

    def discover(self) -> None:
        from counter_app.desk.digitize import discover_scanners

        self._say("Đang tìm máy quét…", MUTED)
        Task(self, discover_scanners, self._on_found).failure(
            lambda exc: self._say(describe(exc, "scanner discovery failed"), BAD)).run()

    def _on_found(self, found: list[ScannerInfo]) -> None:
        for info in found:
            if self.scanner.findData(info.id) < 0:
                self.scanner.addItem(info.name, info.id)
        if found:
            self.scanner.setCurrentIndex(self.scanner.findData(found[0].id))
        self._say(f"Tìm thấy {len(found)} máy quét." if found else
                  "Không thấy máy quét nào: kiểm tra cáp, nguồn, trình điều khiển.",
                  OK if found else BAD)

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Thư mục máy quét mạng lưu ảnh vào")
        if folder:
            value = f"folder:{folder}"
            self.scanner.addItem(value, value)
            self.scanner.setCurrentIndex(self.scanner.count() - 1)

    # -- the signer --------------------------------------------------------------------

    def _choice(self) -> tuple[str, str]:
        kind = self.kind.currentData()
        p12 = self.p12.text().strip() if kind == P12 else ""
        token = "|".join(w.text().strip() for w in (
            self.library, self.token_label, self.key_label)) if kind == TOKEN else ""
        return p12, token

    def try_signer(self) -> None:
        from counter_app.desk.digitize import open_signer
        from counter_app.digitize.signing import signer_name

        p12, token = self._choice()
        if not p12 and not token:
            self._say("Chưa chọn cách ký số.", BAD)
            return
        secret = self.secret.text()
        self._say("Đang mở chứng thư…", MUTED)
        Task(self, lambda: signer_name(open_signer(p12, token, secret)),
             lambda name: self._say(f"Ký được: {name}.", OK)).failure(
            lambda exc: self._say(describe(exc, "signer test failed"), BAD)).run()

    def save(self) -> None:
        p12, token = self._choice()
        settings = self.settings
        settings.set(S.SCANNER, self.scanner.currentData() or "")
        settings.set(S.SIGNING_P12, p12)
        settings.set(S.SIGNING_PKCS11, token)
        self.profiles.save_into(settings)
        Task(self, settings.save, lambda _r: self.accept()).failure(
            lambda exc: self._say(f"Không lưu được thiết lập: {exc}", BAD)).run()
