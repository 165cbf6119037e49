"""Máy in → In lại biên nhận theo mã hồ sơ… (Ctrl+Shift+P).

For a receipt whose paper never came out: the printer jammed, or the counter was closed
or killed after the dossier was saved but before printing ended. The dossier is found in
this PC's outbox while it waits to be sent, otherwise on the backend; its receipt prints
again exactly as first issued (same code, times and QR).
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QInputDialog, QWidget

from counter_app.client import errors
from counter_app.client.dossiers import DossierApi
from ui.common.dialogs import warn
from ui.common.tasks import Task

log = logging.getLogger(__name__)
TITLE = "In lại biên nhận"


def find_dossier(ctx, code: str):
    """Off the UI thread: the waiting copy first (the backend does not have it yet)."""
    reception = getattr(ctx, "reception", None)
    if reception is not None:
        for item in reception.waiting():
            if item.code == code:
                found = reception.waiting_dossier(item.seq)
                if found is not None:
                    return found
    return DossierApi(ctx.api).by_code(code)


class ReceiptReprint:
    def __init__(self, window: QWidget, ctx) -> None:
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
        code = code.strip().upper()  # codes are upper case; clerks type them as they come
        ctx = self.ctx
        Task(self.window, lambda: find_dossier(ctx, code), self._on_found) \
            .failure(lambda exc: self._on_failed(code, exc)).run()

    def _on_found(self, dossier) -> None:
        ctx = self.ctx
        clerk = ctx.session.user.full_name if ctx.session else ""
        ctx.receipts.print_dossier(dossier, ctx.health.office if ctx.health else None, clerk)
        log.info("receipt of %s printed again on request", dossier.code)
        self.window.statusBar().showMessage(f"Đang in lại biên nhận {dossier.code}.", 10_000)

    def _on_failed(self, code: str, exc: BaseException) -> None:
        if isinstance(exc, errors.NotFound):
            message = f"Không tìm thấy hồ sơ mã {code} của cơ quan này."
        elif isinstance(exc, errors.ApiError):
            message = exc.message
        else:
            log.error("reprint lookup failed", exc_info=exc)
            message = "Lỗi không mong đợi; đã ghi nhật ký cho quản trị viên."
        warn(self.window, TITLE, message)
