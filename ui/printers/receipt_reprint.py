"""Máy in → In lại biên nhận theo mã hồ sơ… (Ctrl+Shift+P): the dialog; the use case is
counter_app/desk/reprint.py."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QInputDialog, QMainWindow

from counter_app.client import errors
from counter_app.desk.reprint import find_dossier, normalized_code, reprint_receipt
from ui.common.context import AppContext
from ui.common.dialogs import warn
from ui.common.tasks import Task, describe

log = logging.getLogger(__name__)
TITLE = "In lại biên nhận"


class ReceiptReprint:
    def __init__(self, window: QMainWindow, ctx: AppContext) -> None:
        self.window = window
        self.ctx = ctx

    def ask(self) -> None:
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle(TITLE)
        dialog.setLabelText("Mã hồ sơ (in trên biên nhận, trong sổ theo dõi):")
        dialog.setOkButtonText("In lại")
        dialog.setCancelButtonText("Hủy")
        dialog.resize(420, dialog.sizeHint().height())
        if dialog.exec() and dialog.textValue().strip():
            self.reprint(dialog.textValue())

    def reprint(self, code: str) -> None:
        code = normalized_code(code)
        reception, api = getattr(self.ctx, "reception", None), self.ctx.api
        Task(self.window, lambda: find_dossier(reception, api, code), self._on_found) \
            .failure(lambda exc: self._on_failed(code, exc)).run()

    def _on_found(self, dossier) -> None:
        ctx = self.ctx
        clerk = ctx.session.user.full_name if ctx.session else ""
        reprint_receipt(ctx.receipts.desk, dossier, ctx.health.office if ctx.health else None,
                        clerk)
        log.info("receipt of %s printed again on request", dossier.code)
        self.window.statusBar().showMessage(f"Đang in lại biên nhận {dossier.code}.", 10_000)

    def _on_failed(self, code: str, exc: BaseException) -> None:
        if isinstance(exc, errors.NotFound):
            message = f"Không tìm thấy hồ sơ mã {code} của cơ quan này."
        else:
            message = describe(exc, "reprint lookup failed")
        warn(self.window, TITLE, message)
