"""Asking the clerk to trust the office server's own CA, on first contact over HTTPS.

The counter refused the server's certificate (errors.UnknownCa). This fetches the CA the
server offers, shows its SHA-256 fingerprint as plain text, and keeps it only when the
clerk says it matches the one the admin read out from `serve`; the core work is
counter_app/client/tls_pin.py, on a pool thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from counter_app import paths
from counter_app import settings as S
from counter_app.settings import Settings
from ui.common.dialogs import message_box, warn
from ui.common.tasks import Task, describe

log = logging.getLogger(__name__)


class TrustServer(QObject):
    def __init__(self, parent: QWidget, base_url: str, settings: Settings,
                 on_trusted: Callable[[], None]) -> None:
        super().__init__(parent)
        self.parent_widget, self.base_url, self.settings = parent, base_url, settings
        self.on_trusted = on_trusted
        self.box: QMessageBox | None = None

    def start(self) -> None:
        from counter_app.client.tls_pin import fetch_office_ca

        Task(self, lambda: fetch_office_ca(self.base_url), self._on_ca) \
            .failure(self._on_failed).run()

    def _on_ca(self, ca) -> None:
        box = message_box(  # plain text: the CA's name comes from the server
            self.parent_widget, QMessageBox.Icon.Question, "Tin cậy máy chủ của văn phòng?",
            f"Máy chủ {self.base_url} dùng chứng chỉ của CA:\n{ca.name}\n\n"
            f"Dấu vân tay SHA-256:\n{ca.fingerprint}\n\n"
            "Chỉ chọn Có khi dấu vân tay này trùng với dấu vân tay quản trị viên đọc từ "
            "máy chủ. Nếu khác, chọn Không và báo quản trị viên.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText("Có, tin cậy")
        box.button(QMessageBox.StandardButton.No).setText("Không")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda result: self._on_answer(result, ca))
        self.box = box
        box.open()

    def _on_answer(self, result: int, ca) -> None:
        if result != QMessageBox.StandardButton.Yes:
            log.warning("the clerk did not trust CA %s of %s", ca.fingerprint, self.base_url)
            return
        from counter_app.client.tls_pin import pin_office_ca

        folder, settings = paths.config_dir(), self.settings

        def pin() -> None:
            path = pin_office_ca(self.base_url, ca, folder)
            settings.set(S.CA_BUNDLE, str(path))
            settings.save()

        Task(self, pin, lambda _r: self.on_trusted()).failure(self._on_failed).run()

    def _on_failed(self, exc: BaseException) -> None:
        message = describe(exc, "trusting the office CA failed")
        log.error("trusting the office CA failed: %s", message)
        warn(self.parent_widget, "Không tin cậy được máy chủ", message)
