"""Printer settings per role (receipts, queue tickets): find printers, print a test page,
save. Changes take effect at once, without restarting the counter."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app import settings as S
from counter_app.desk.printouts import load_printer_settings
from counter_app.settings import Settings
from printing.settings import Role
from ui.common.plain_label import PlainLabel
from ui.common.style import BAD, MUTED, OK
from ui.common.tasks import Task
from ui.printers.printer_form import PrinterForm
from ui.printers.receipt_printer import ReceiptPrinter

log = logging.getLogger(__name__)
ROLES: tuple[tuple[Role, str], ...] = (("receipt", "Máy in biên nhận"),
                                      ("ticket", "Máy in phiếu số thứ tự"))


class PrinterSettingsDialog(QDialog):
    def __init__(self, settings: Settings, on_saved: Callable[[dict], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cài đặt máy in")
        self.resize(620, 640)
        self.settings = settings
        self._on_saved = on_saved
        self._tester: ReceiptPrinter | None = None
        stored = settings.get(S.PRINTERS)
        self.tabs = QTabWidget()
        self.forms: dict[str, PrinterForm] = {}
        for role, title in ROLES:
            form = PrinterForm(role)
            form.set_settings(load_printer_settings(stored, role))
            self.forms[role] = form
            self.tabs.addTab(form, title)
        self.find_button = QPushButton("Tìm máy in…")
        self.find_button.clicked.connect(self._on_find)
        self.test_button = QPushButton("In trang thử")
        self.test_button.setToolTip("In đủ mọi chữ cái tiếng Việt và một mã QR")
        self.test_button.clicked.connect(self._on_test)
        self.save_button = QPushButton("Lưu")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._on_save)
        cancel = QPushButton("Đóng")
        cancel.clicked.connect(self.reject)
        self.status = PlainLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.find_button)
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    @property
    def current_form(self) -> PrinterForm:
        form = self.tabs.currentWidget()
        if not isinstance(form, PrinterForm):
            raise LookupError("every tab of the printer settings is a PrinterForm")
        return form

    def _say(self, text: str, color: str = MUTED) -> None:
        self.status.setStyleSheet(f"color: {color};")
        self.status.setText(text)

    # -- discovery ------------------------------------------------------------------------

    def _on_find(self) -> None:
        from printing.discovery import discover_printers

        self.find_button.setEnabled(False)
        self._say("Đang tìm máy in (USB, cổng COM, CUPS, Windows)…")
        Task(self, discover_printers, self._on_found).failure(self._on_find_failed).run()

    def _on_found(self, found: list) -> None:
        self.find_button.setEnabled(True)
        if not found:
            self._say("Không tìm thấy máy in nào. Kiểm tra cáp, nguồn, hoặc nhập tay địa chỉ.", BAD)
            return
        self._say(f"Tìm thấy {len(found)} máy in; chọn một để điền vào mẫu.", OK)
        menu = QMenu(self)
        for candidate in found:
            action = menu.addAction(candidate.name)
            action.triggered.connect(lambda _=False, c=candidate: self._use(c))
        menu.popup(self.find_button.mapToGlobal(self.find_button.rect().bottomLeft()))
        self._menu = menu

    def _use(self, candidate) -> None:
        from dataclasses import replace

        form = self.current_form
        form.set_settings(replace(candidate, role=form.role))

    def _on_find_failed(self, exc: BaseException) -> None:
        self.find_button.setEnabled(True)
        log.warning("printer discovery failed: %s", exc)
        self._say("Không dò được máy in trên máy này; hãy nhập tay.", BAD)

    # -- test page ------------------------------------------------------------------------

    def _on_test(self) -> None:
        settings = self.current_form.read()
        if settings is None:
            self._say("Sửa các ô báo lỗi trước khi in thử.", BAD)
            return
        if self._tester is None:
            self._tester = ReceiptPrinter(settings)
            self._tester.sig_job_changed.connect(self._on_test_job)
        else:
            self._tester.configure(settings)
        self._say("Đang gửi trang thử…")
        self._tester.print_test_page()

    def _on_test_job(self, job) -> None:
        if str(job.state) == "done":
            extra = f" Lưu ý: {job.warning}" if getattr(job, "warning", None) else ""
            self._say("Đã in trang thử. Kiểm tra mọi chữ có dấu in đúng và mã QR quét được."
                      + extra, OK)
            if job.image is not None:
                from ui.printers.print_preview_dialog import PrintPreviewDialog

                self.preview = PrintPreviewDialog(job.image, job.title, self)
                self.preview.show()
        elif str(job.state) == "failed":
            self._say(f"In thử không được: {job.message}", BAD)

    # -- save -----------------------------------------------------------------------------

    def _on_save(self) -> None:
        chosen = {}
        for role, form in self.forms.items():
            settings = form.read()
            if settings is None:
                self.tabs.setCurrentWidget(form)
                self._say("Sửa các ô báo lỗi rồi lưu lại.", BAD)
                return
            chosen[role] = settings
        self.settings.set(S.PRINTERS, {role: s.to_dict() for role, s in chosen.items()})
        store = self.settings

        def save() -> None:  # disk I/O off the UI thread
            store.save()

        Task(self, save, lambda _r: self._saved(chosen)) \
            .failure(lambda exc: self._say(f"Không lưu được cài đặt: {exc}", BAD)).run()

    def _saved(self, chosen: dict) -> None:
        self._on_saved(chosen)
        self._say("Đã lưu; máy in mới dùng ngay.", OK)
        self.accept()

    def done(self, result: int) -> None:
        if self._tester is not None:
            self._tester.close()
            self._tester = None
        super().done(result)
