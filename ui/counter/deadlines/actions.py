"""What a clerk does to a dossier after receipt, from the due list or the lookup page:
form 04 (apology and the one new appointment), a hand-over between units, form 06 (the
control sheet) and form 05 (stop / withdrawal). Each prints its form once the backend has
recorded the step; the backend refuses what the law does not allow and its words are shown.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QPushButton, QWidget

from counter_app.client.dossier_timeline import ControlSheet, TimelineApi
from counter_app.client.dossiers import CalendarOverrides, DossierApi
from counter_app.client.models import Dossier
from counter_app.desk import statutory_forms as forms
from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.dossier_status import IN_PROGRESS, NEXT, STOPS
from ui.common.context import AppContext
from ui.common.tasks import Task
from ui.counter.deadlines.control_dialog import ControlDialog
from ui.counter.deadlines.extension_dialog import ExtensionDialog
from ui.counter.deadlines.handover_dialog import HandoverDialog
from ui.counter.deadlines.stop_dialog import StopDialog

COUNTER_UNIT = "Bộ phận Một cửa"
SPECIALIST_UNIT = "Bộ phận chuyên môn"


class DossierActions(QWidget):
    sig_changed = Signal(object)
    """The backend recorded a step (Dossier as it is now)."""
    sig_message = Signal(str)
    """What happened, in the clerk's words, for the page's status line."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, columns: int = 4) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._api = TimelineApi(ctx.api)
        self._dossiers = DossierApi(ctx.api)
        self.dossier: Dossier | None = None
        self.dialog: QDialog | None = None  # the open one, for tests and for focus
        self._keys: dict[tuple[str, str], str] = {}  # a retry of one step reuses its key
        # Short labels: the return page shares 1366 px with the queue panel.
        self.extend_button = QPushButton("Hẹn lại (Mẫu 04)…")
        self.extend_button.setToolTip("Phiếu xin lỗi và hẹn lại ngày trả kết quả (một lần)")
        self.handover_button = QPushButton("Chuyển đơn vị…")
        self.handover_button.setToolTip("Ghi nhận giao hồ sơ cho đơn vị khác (Mẫu 06)")
        self.control_button = QPushButton("Kiểm soát (Mẫu 06)…")
        self.control_button.setToolTip("Phiếu kiểm soát quá trình giải quyết hồ sơ")
        self.stop_button = QPushButton("Dừng, rút (Mẫu 05)…")
        self.stop_button.setToolTip("Thông báo dừng giải quyết hồ sơ: công dân rút hoặc "
                                    "dừng theo quy định")
        self.extend_button.clicked.connect(self.open_extension)
        self.handover_button.clicked.connect(self.open_handover)
        self.control_button.clicked.connect(self.open_control)
        self.stop_button.clicked.connect(self.open_stop)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, b in enumerate((self.extend_button, self.handover_button, self.control_button,
                               self.stop_button)):
            grid.addWidget(b, i // columns, i % columns)
        self.set_dossier(None)

    def set_dossier(self, d: Dossier | None) -> None:
        self.dossier = d
        status = d.status if d else ""
        open_ = status in IN_PROGRESS
        self.extend_button.setEnabled(open_ and (d.extensions if d else 1) == 0)
        self.extend_button.setToolTip(
            "Phiếu xin lỗi và hẹn lại ngày trả kết quả (một lần)" if not d or d.extensions == 0
            else "Đã hẹn lại một lần: không hẹn lại lần thứ hai.")
        self.handover_button.setEnabled(open_)
        self.control_button.setEnabled(d is not None)
        self.stop_button.setEnabled(bool(STOPS & NEXT.get(status, frozenset())))

    # --- helpers ------------------------------------------------------------------------

    def _who(self) -> tuple[Any, str]:
        office = self.ctx.health.office if self.ctx.health else None
        clerk = self.ctx.session.user.full_name if self.ctx.session else ""
        return office, clerk

    def _key(self, what: str) -> str:
        assert self.dossier is not None
        return self._keys.setdefault((self.dossier.code, what), uuid.uuid4().hex)

    def _done(self, d: Dossier, what: str, message: str) -> None:
        self._keys.pop((d.code, what), None)
        self.set_dossier(d)
        self.sig_changed.emit(d)
        self.sig_message.emit(message)

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()

    # --- form 04 -------------------------------------------------------------------------

    def open_extension(self) -> None:
        if self.dossier is None:
            return
        Task(self, lambda: CalendarOverrides.from_json(self._dossiers.calendar_json())
             .working_calendar(), self._ask_extension).run()

    def _ask_extension(self, cal: WorkingCalendar) -> None:
        d = self.dossier
        if d is None:
            return
        dialog = ExtensionDialog(d.code, d.due_at, cal, self)
        dialog.accepted.connect(lambda: self._extend(d, dialog))
        self._show(dialog)

    def _extend(self, d: Dossier, dialog: ExtensionDialog) -> None:
        reason, new_due, key = dialog.reason_text, dialog.new_due_at, self._key("extension")
        office, clerk = self._who()

        def done(moved: Dossier) -> None:
            self.ctx.receipts.print_document(forms.apology_data(moved, office, clerk),
                                             forms.APOLOGY)
            self._done(moved, "extension",
                       f"Đã hẹn lại hồ sơ {moved.code} đến {moved.due_at:%H:%M %d/%m/%Y}; "
                       "đang in Phiếu xin lỗi (Mẫu 04).")

        Task(self, lambda: self._api.extend(d.code, reason, new_due, key), done).run()

    # --- hand-over and form 06 -----------------------------------------------------------

    def open_handover(self) -> None:
        d = self.dossier
        if d is None:
            return
        units = [*(h.to_unit or "" for h in d.history if h.kind == "handover"),
                 SPECIALIST_UNIT, COUNTER_UNIT]
        dialog = HandoverDialog(d.code, d.current_unit or COUNTER_UNIT, d.due_at,
                                list(dict.fromkeys(u for u in units if u)), self)
        dialog.accepted.connect(lambda: self._handover(d, dialog))
        self._show(dialog)

    def _handover(self, d: Dossier, dialog: HandoverDialog) -> None:
        to_unit, due, note = dialog.to_unit, dialog.step_due_at, dialog.note.text().strip()
        key = self._key("handover")
        Task(self, lambda: self._api.handover(d.code, to_unit, due, note or None, key),
             lambda moved: self._done(moved, "handover",
                                      f"Đã ghi nhận chuyển hồ sơ {moved.code} đến {to_unit}.")
             ).run()

    def open_control(self) -> None:
        d = self.dossier
        if d is not None:
            Task(self, lambda: self._api.control(d.code), self._show_control).run()

    def _show_control(self, sheet: ControlSheet) -> None:
        office, _ = self._who()

        def print_it() -> None:
            self.ctx.receipts.print_document(forms.control_data(sheet, office), forms.CONTROL)
            self.sig_message.emit(f"Đang in Phiếu kiểm soát hồ sơ {sheet.code} (Mẫu 06).")

        self._show(ControlDialog(sheet, print_it, self))

    # --- form 05 -------------------------------------------------------------------------

    def open_stop(self) -> None:
        d = self.dossier
        if d is None:
            return
        dialog = StopDialog(d.code, self)
        dialog.accepted.connect(lambda: self._stop(d, dialog))
        self._show(dialog)

    def _stop(self, d: Dossier, dialog: StopDialog) -> None:
        kind, reason, key = dialog.kind, dialog.reason_text, self._key("stop")
        office, clerk = self._who()

        def done(stopped: Dossier) -> None:
            self.ctx.receipts.print_document(forms.stop_data(stopped, office, clerk),
                                             forms.STOP)
            self._done(stopped, "stop", f"Đã dừng giải quyết hồ sơ {stopped.code}; đang in "
                                        "Thông báo (Mẫu 05).")

        Task(self, lambda: self._api.stop(d.code, kind, reason, key), done).run()

