"""Forms 02 and 03 from the reception page: the dialogs, then the record printed and shown
in the receipt column. The base class of ReceptionPage, kept apart to keep that file small."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from counter_app.client.dossiers import DossierApi, Refusal, Supplement
from counter_app.client.models import Applicant, Office, Procedure, VerifyResult

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel

    from ui.common.context import AppContext
    from ui.counter.reception.applicant_form import ApplicantForm
    from ui.counter.reception.procedure_panel import ProcedurePanel
    from ui.counter.reception.receipt_panel import ReceiptPanel
    from ui.counter.reception.record_dialog import RecordDialog
    from ui.printers.print_tracker import PrintTracker

log = logging.getLogger(__name__)


class ReceptionPapers(QWidget):
    """Needs from the page: ctx, form, procedures, receipt, printing, save_hint, _verified,
    _done, _paper_keys, _ticket_id(), _office(), _clerk(), sig_paper_recorded."""

    sig_paper_recorded = Signal(object)
    """Form 02 or 03 was recorded by the backend (Supplement or Refusal)."""

    if TYPE_CHECKING:
        ctx: AppContext
        form: ApplicantForm
        procedures: ProcedurePanel
        receipt: ReceiptPanel
        printing: PrintTracker
        save_hint: QLabel
        _verified: tuple[Applicant, VerifyResult] | None
        _done: bool
        _paper_keys: dict

        def _ticket_id(self) -> int | None: ...
        def _office(self) -> Office | None: ...
        def _clerk(self) -> str: ...

    def _paper_inputs(self) -> tuple[Procedure, Applicant] | None:
        proc, applicant = self.procedures.procedure, self.form.read()
        if proc is None or applicant is None or self._verified is None:
            return None
        return proc, applicant

    def open_supplement(self):
        """Form 02, pre-filled with exactly the required documents not ticked."""
        from ui.counter.reception.supplement_dialog import SupplementDialog

        inputs = self._paper_inputs()
        missing = self.procedures.missing_specs()
        if inputs is None or not missing:
            return None
        office = self._office()
        contact = (self._clerk(), office.hotline if office else "")
        proc, applicant = inputs
        dialog = SupplementDialog(DossierApi(self.ctx.api), proc, applicant, missing, contact,
                                  self._ticket_id(), self._paper_keys, self)
        return self._open_paper(dialog, inputs[1])

    def open_refusal(self):
        """Form 03: the reason is typed or picked in the dialog."""
        from ui.counter.reception.refusal_dialog import RefusalDialog

        inputs = self._paper_inputs()
        if inputs is None:
            return None
        proc, applicant = inputs
        dialog = RefusalDialog(DossierApi(self.ctx.api), proc, applicant, self._ticket_id(),
                               self._paper_keys, self)
        return self._open_paper(dialog, inputs[1])

    def _open_paper(self, dialog: RecordDialog, applicant: Applicant):
        from PySide6.QtCore import Qt

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_recorded.connect(lambda record: self._on_paper_recorded(record, applicant))
        dialog.open()
        return dialog

    def _on_paper_recorded(self, record: Supplement | Refusal, applicant: Applicant) -> None:
        from counter_app.desk.form_data import refusal_data, supplement_data

        log.info("paper %s recorded", record.number)
        office, clerk = self._office(), self._clerk()
        if isinstance(record, Supplement):
            names = "; ".join(m.name for m in record.missing)
            self.receipt.show_record(record.number, f"Yêu cầu bổ sung: {names}",
                                     "In lại phiếu bổ sung")
            self.printing.print(supplement_data(record, applicant, office, clerk), "supplement",
                                "phiếu yêu cầu bổ sung (mẫu 02)")
            self.save_hint.setText("Đã lập phiếu yêu cầu bổ sung. Khi người nộp bổ sung đủ, "
                                   "đánh dấu giấy tờ và tiếp nhận như thường.")
        else:
            self.receipt.show_record(record.number, f"Từ chối tiếp nhận: {record.reason}",
                                     "In lại phiếu từ chối")
            self.printing.print(refusal_data(record, applicant, office, clerk), "refusal",
                                "phiếu từ chối (mẫu 03)")
            self._done = True
            self.save_hint.setText("Đã lập phiếu từ chối. Bấm Ctrl+N hoặc quét thẻ tiếp theo.")
        self.sig_paper_recorded.emit(record)
