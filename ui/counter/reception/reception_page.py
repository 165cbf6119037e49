"""The counter's main job: identify the applicant, record the dossier, print the receipt;
or, when the dossier cannot be taken, record and print form 02 (supplement) or 03 (refusal)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.api import new_idempotency_key
from counter_app.client.models import (
    DemoCard,
    Dossier,
    DossierDraft,
    Office,
    VerifyResult,
)
from counter_app.client.queue import Ticket
from counter_app.client.reception import ReceptionService
from counter_app.desk.reception import Received, receive_then_print
from counter_app.domain.cccd import CccdError, parse_cccd_qr
from counter_app.domain.online_only import DIRECTIVE
from counter_app.domain.privacy import mask_id_number
from ui.common.context import AppContext
from ui.common.plain_label import PlainLabel
from ui.common.shortcuts import shortcut
from ui.common.style import WARN
from ui.common.tasks import OUTBOX, Task, describe
from ui.counter.reception.applicant_form import ApplicantForm
from ui.counter.reception.catalogue_loader import CatalogueLoader
from ui.counter.reception.procedure_panel import ProcedurePanel
from ui.counter.reception.proxy_form import ProxyForm
from ui.counter.reception.receipt_panel import ReceiptPanel
from ui.counter.reception.reception_papers import ReceptionPapers
from ui.counter.reception.verification_badge import VerificationBadge
from ui.printers.print_tracker import PrintTracker

log = logging.getLogger(__name__)
IDENTITY_FIELDS = ("id_number", "full_name", "date_of_birth", "sex")
NEEDS_REASON = ("mismatched", "not_found")  # the database contradicts the card
SAVE_LABEL = "Tiếp nhận và in biên nhận (Ctrl+S)"


class ReceptionPage(ReceptionPapers):
    sig_verified = Signal(object)
    """The backend's answer about the applicant is on screen (VerifyResult)."""
    sig_saved = Signal(object)
    """A dossier was recorded, by the backend or in the outbox (Dossier; `waiting`)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._verified: tuple[tuple[str, str, date, str], VerifyResult] | None = None
        self._pending: tuple[DossierDraft, str] | None = None
        self._last_dossier: Dossier | None = None
        self._done = False  # a dossier or a refusal closed this applicant's visit
        self._paper_keys: dict = {}  # form 02/03 draft -> idempotency key, across retries
        # The queue's ticket at this counter, read when saving: never a copy that outlives
        # the ticket (a finished or absent one must not take the next dossier).
        self._serving: Callable[[], Ticket | None] = lambda: None
        self._ticket_shown: int | None = None
        self._filling = False
        self._save_ready = False
        self.identity_dialog = None  # open while the clerk confirms a mismatched identity

        self.badge = VerificationBadge()
        self.form = ApplicantForm()
        self.verify_button = QPushButton("Xác thực (F5)")
        self.verify_button.clicked.connect(self.verify)
        self.clear_button = QPushButton("Người tiếp theo (Ctrl+N)")
        self.clear_button.clicked.connect(lambda: self.new_applicant())
        self.demo_cards = QComboBox()
        self.demo_cards.setToolTip("Chế độ trình diễn: mô phỏng quét một thẻ mẫu")
        self.demo_cards.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.demo_cards.setMinimumContentsLength(16)
        self.demo_cards.activated.connect(self._on_demo_card)
        self.demo_cards.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        applicant_box = QGroupBox("1. Người nộp hồ sơ")
        left = QVBoxLayout(applicant_box)
        left.addWidget(self.badge)
        self.proxy = ProxyForm()
        # The fields scroll when warnings and the authorised person's block need more
        # height than 768 px leave; the buttons stay in view.
        fields = QWidget()
        column = QVBoxLayout(fields)
        column.setContentsMargins(0, 0, 4, 0)
        column.addWidget(self.form)
        column.addWidget(self.proxy)
        column.addStretch(1)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setWidget(fields)
        self.proxy.toggled.connect(
            lambda on: on and QTimer.singleShot(0, lambda: scroller.ensureWidgetVisible(
                self.proxy.scan_button)))
        left.addWidget(scroller, 1)
        left.addLayout(buttons)
        left.addWidget(self.demo_cards)

        self.procedures = ProcedurePanel()
        self.procedures.sig_changed.connect(self._update_save_state)
        self.procedures.sig_assist_requested.connect(lambda: self.open_online_assist())
        self.save_button = QPushButton(SAVE_LABEL)
        self._saving = False  # a dossier is on its way to the outbox or the backend
        self.save_button.setObjectName("primary")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.save_hint = PlainLabel()
        self.save_hint.setObjectName("hint")
        self.save_hint.setWordWrap(True)
        self.save_error = PlainLabel()
        self.save_error.setObjectName("fieldError")
        self.save_error.setWordWrap(True)
        self.save_error.hide()
        self.supplement_button = QPushButton("Lập phiếu yêu cầu bổ sung (mẫu 02)")
        self.supplement_button.setToolTip("Ghi nhận và in phiếu liệt kê đúng các giấy tờ còn thiếu")
        self.supplement_button.clicked.connect(self.open_supplement)
        self.refusal_button = QPushButton("Từ chối tiếp nhận (mẫu 03)")
        self.refusal_button.clicked.connect(self.open_refusal)
        # One above the other: side by side these labels widen the page past 1366 px.
        papers = QVBoxLayout()
        papers.setSpacing(4)
        papers.addWidget(self.supplement_button)
        papers.addWidget(self.refusal_button)
        self.digitize_button = QPushButton("Số hóa hồ sơ…  (F8)")
        self.digitize_button.setToolTip("Quét từng thành phần hồ sơ thành tệp PDF ký số, "
                                        "lưu cùng hồ sơ (bắt buộc từ 01/7/2025)")
        self.digitize_button.setEnabled(False)
        self.digitize_button.clicked.connect(self.open_digitize)
        papers.addWidget(self.digitize_button)
        dossier_box = QGroupBox("2. Thủ tục và giấy tờ")
        middle = QVBoxLayout(dossier_box)
        middle.addWidget(self.procedures, 1)
        middle.addWidget(self.save_hint)
        middle.addWidget(self.save_error)
        middle.addWidget(self.save_button)
        middle.addLayout(papers)

        self.receipt = ReceiptPanel()
        self.printing = PrintTracker(ctx.receipts, self.receipt, self)
        self.receipt.sig_reprint_requested.connect(self.reprint)
        self.receipt.sig_pdf_requested.connect(self.save_pdf)
        receipt_box = QGroupBox("3. Biên nhận")
        right = QVBoxLayout(receipt_box)
        right.addWidget(self.receipt)

        layout = QHBoxLayout(self)
        layout.addWidget(applicant_box, 5)
        layout.addWidget(dossier_box, 5)
        layout.addWidget(receipt_box, 4)

        for name in IDENTITY_FIELDS:
            widget = self.form.inputs[name]
            signal = widget.textChanged if isinstance(widget, QLineEdit) else widget.currentTextChanged
            signal.connect(self._on_identity_edited)
        shortcut(self, "F5", self.verify)
        shortcut(self, "Ctrl+S", self.save)
        shortcut(self, "Ctrl+N", lambda: self.new_applicant())
        shortcut(self, "F8", lambda: self.open_digitize())
        self.catalogue = CatalogueLoader(ctx.api, self)
        self.catalogue.sig_procedures.connect(self._on_procedures)
        self.catalogue.sig_calendar.connect(self.procedures.set_calendar)
        # The same catalogue and calendar date a receipt printed offline (client/reception.py).
        self.catalogue.sig_calendar.connect(lambda cal: self._service().set_calendar(cal))
        self.catalogue.sig_failed.connect(self._on_load_failed)
        self.procedures.delivery.currentIndexChanged.connect(self._on_delivery_changed)
        self._update_save_state()

    # -- loading --------------------------------------------------------------------------

    def load(self) -> None:
        self.catalogue.load()
        if self.ctx.health is not None and self.ctx.health.demo:
            Task(self, lambda: self.ctx.api.demo_cards(12), self._on_demo_cards) \
                .failure(lambda exc: log.warning("demo cards unavailable: %s", exc)).run()

    def refresh_if_stale(self) -> None:
        """The backend answers again: replace a saved catalogue by the live one."""
        if self.catalogue.stale:
            self.catalogue.load()

    def _service(self) -> ReceptionService:
        """The ReceptionService the counter window gave the context."""
        if self.ctx.reception is None:
            raise RuntimeError("the counter window sets ctx.reception before the page")
        return self.ctx.reception

    def _on_procedures(self, procedures: list, note: str) -> None:
        self._service().set_procedures(procedures)
        self.procedures.set_procedures(procedures)
        self.procedures.set_source_note(note)

    def _on_load_failed(self, exc: BaseException) -> None:
        self._show_save_error(exc)

    def _on_demo_cards(self, cards: list[DemoCard]) -> None:
        self.demo_cards.clear()
        self.demo_cards.addItem("Thẻ mẫu (trình diễn)…", None)
        for card in cards:
            self.demo_cards.addItem(card.label, card.payload)
        self.demo_cards.show()

    def _on_demo_card(self, index: int) -> None:
        payload = self.demo_cards.itemData(index)
        self.demo_cards.setCurrentIndex(0)
        if payload:
            self.on_scanned(payload)

    # -- identification -------------------------------------------------------------------

    def on_scanned(self, payload: str) -> None:
        """A scanner payload arrived anywhere in the window."""
        try:
            card = parse_cccd_qr(payload)
        except CccdError as exc:
            log.info("scan rejected locally: %s", getattr(exc, "code", "invalid"))
            self.badge.show_local_error(f"Mã QR không hợp lệ: {exc}")
            field = getattr(exc, "field", None)
            if field in self.form.inputs:
                self.form.show_error(field, str(exc))
            return
        log.info("card scanned: %s", mask_id_number(card.id_number))
        if self.proxy.expecting_card():
            self.proxy.fill_from_card(card)  # the authorised person's, not the applicant's
            return
        if self._done:
            self.new_applicant()  # the same person may hand in another dossier
        self._filling = True
        try:
            self.form.fill_from_card(card)
        finally:
            self._filling = False
        self.verify()

    def on_scan_failed(self, message: str) -> None:
        """A scan went wrong; the keys it typed were already taken back out of the form."""
        log.info("scan not readable (scanner-speed burst without a payload)")
        self.badge.show_local_error(message)

    def verify(self) -> None:
        # The four fields the eID check compares; an address still to be typed (a card
        # without "Nơi cư trú") does not hold the check up.
        who = self.form.identity()
        if who is None:
            self.badge.show_local_error("Kiểm tra lại các trường được đánh dấu đỏ.")
            return
        self._verified = None
        self.badge.show_checking()
        self.verify_button.setEnabled(False)
        api = self.ctx.api
        Task(self, lambda: api.verify_identity(*who),
             lambda result: self._on_verified(who, result)) \
            .failure(self._on_verify_failed).run()

    def _on_verified(self, who: tuple[str, str, date, str], result: VerifyResult) -> None:
        self.verify_button.setEnabled(True)
        if self.form.identity() != who:  # edited while the answer was on its way
            self.badge.show_idle()
            return
        self._verified = (who, result)
        self.badge.show_result(result)
        self.form.mark_mismatched(result.mismatched_fields)
        self._update_save_state()
        self.sig_verified.emit(result)

    def _on_verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        message = describe(exc, "verification failed")
        self.badge.show_failure(message)
        who = self.form.identity()
        if who is not None:
            # The counter keeps working when the check service is down; the dossier
            # records that identity was not verified.
            self._verified = (who, VerifyResult("unavailable", (), None, "", message))
        self._update_save_state()

    def _on_identity_edited(self) -> None:
        if self._filling or self._verified is None:
            return
        self._verified = None
        self.badge.show_idle()
        self.form.clear_marks()
        self._update_save_state()

    # -- saving ---------------------------------------------------------------------------

    def _update_save_state(self) -> None:
        proc = self.procedures.procedure
        missing = self.procedures.missing_required()
        online_only = proc is not None and proc.online_only
        if online_only:  # no paper at the counter: the notice above offers the way forward
            hint, ok = (f"Không tiếp nhận hồ sơ giấy, không in biên nhận: thủ tục chỉ nộp "
                        f"trực tuyến ({DIRECTIVE})."), False
        elif self._verified is None:
            hint, ok = "Xác thực người nộp trước khi tiếp nhận.", False
        elif proc is None:
            hint, ok = "Chọn thủ tục hành chính.", False
        elif missing:
            hint, ok = ("Còn thiếu giấy tờ bắt buộc: " + "; ".join(missing)
                        + ". Nếu người nộp chưa có, lập phiếu yêu cầu bổ sung (mẫu 02)."), False
        elif problem := self.procedures.delivery_problem():
            hint, ok = problem, False
        else:
            outcome = self._verified[1].outcome
            hint = "" if outcome == "matched" else (
                "Danh tính không khớp CSDL dân cư: khi tiếp nhận, xác nhận và ghi lý do."
                if outcome in NEEDS_REASON else
                "Lưu ý: hồ sơ sẽ ghi nhận danh tính chưa được xác thực khớp.")
            ok = True
        self.save_hint.setText(hint)
        self._save_ready = ok
        self.save_button.setEnabled(ok and not self._busy())
        can_write = self._verified is not None and proc is not None and not online_only
        self.supplement_button.setEnabled(can_write and bool(missing))
        # Missing documents block the receipt: form 02 becomes the clerk's next step.
        self.supplement_button.setStyleSheet(
            f"color: {WARN}; border: 2px solid {WARN}; font-weight: 600;"
            if can_write and missing else "")
        self.refusal_button.setEnabled(can_write)

    def _busy(self) -> bool:
        return self._saving

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setText("Đang tiếp nhận…" if saving else SAVE_LABEL)

    def save(self) -> None:
        self._update_save_state()
        if not self._save_ready or self._busy() or self._verified is None:
            return
        if self.identity_dialog is not None:
            return  # the clerk is still answering the question about this dossier
        proc = self.procedures.procedure
        applicant = self.form.read()
        if applicant is None or proc is None:
            return
        proxy, problem = self.proxy.read()
        if problem:
            self.save_error.setText(problem)
            self.save_error.show()
            return
        result = self._verified[1]
        draft = DossierDraft(
            procedure_code=proc.code,
            applicant=applicant,
            identity_outcome=result.outcome,
            documents=self.procedures.documents(),
            sets=self.procedures.sets.value(),
            result_delivery=self.procedures.delivery.currentData(),
            ticket_id=self._ticket_id(),
            delivery_address=self.procedures.delivery_address(),
            proxy=proxy,
        )
        if result.outcome not in NEEDS_REASON:
            self._send(draft)
            return
        pending = self._pending[0] if self._pending is not None else None
        if pending is not None and replace(draft, note=pending.note) == pending:
            self._send(pending)  # a retry of the dossier already confirmed: same reason, key
            return
        self._ask_reason(draft, result)

    def _ask_reason(self, draft: DossierDraft, result: VerifyResult) -> None:
        from ui.counter.reception.identity_confirm_dialog import IdentityConfirmDialog, dossier_note

        dialog = self.identity_dialog = IdentityConfirmDialog(result, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def confirmed() -> None:
            log.info("identity %s confirmed by the clerk with a reason", result.outcome)
            self._send(replace(draft, note=dossier_note(result, dialog.reason_text())))

        dialog.accepted.connect(confirmed)
        dialog.finished.connect(self._on_identity_dialog_closed)
        dialog.open()

    def _on_identity_dialog_closed(self) -> None:
        self.identity_dialog = None

    def _send(self, draft: DossierDraft) -> None:
        # A retry of the same dossier (after a timeout) reuses its key, so the backend
        # answers with the dossier it may already have created instead of a second one.
        if self._pending is None or self._pending[0] != draft:
            self._pending = (draft, new_idempotency_key())
        key = self._pending[1]
        self.save_error.hide()
        self.save_button.setEnabled(False)
        self._set_saving(True)
        # Save, then print: counter_app/desk/reception.py. One worker: saves are written
        # in the clerk's order.
        service, printer = self._service(), self.printing.printer.desk
        office, clerk = self._office(), self._clerk()
        Task(self, lambda: receive_then_print(service, printer, draft, key, office, clerk),
             self._on_saved).failure(self._on_save_failed).run(OUTBOX)

    def _on_saved(self, received: Received) -> None:
        dossier = received.dossier
        self._pending = None
        self._last_dossier = dossier
        self._done = True
        self._set_saving(False)
        log.info("dossier %s recorded%s", dossier.code, " (waiting in the outbox)"
                 if dossier.waiting else "")
        self.receipt.show_dossier(dossier)
        self.printing.track(received.receipt, "receipt", "biên nhận")
        self.save_button.setEnabled(False)
        self.digitize_button.setEnabled(not dossier.waiting)
        if dossier.waiting:
            self.save_hint.setText(
                "Đã tiếp nhận NGOẠI TUYẾN với mã chính thức: hồ sơ đã lưu trên máy này và tự "
                "gửi lên máy chủ khi có kết nối. Bấm Ctrl+N hoặc quét thẻ tiếp theo.")
        else:
            self.save_hint.setText("Đã tiếp nhận. Bấm Ctrl+N hoặc quét thẻ tiếp theo.")
        self.sig_saved.emit(dossier)

    def _on_save_failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        self._show_save_error(exc)
        self._update_save_state()

    def _show_save_error(self, exc: BaseException) -> None:
        # Disk full / read-only: said in full, nothing printed (OutboxError).
        self.save_error.setText(describe(exc, "saving a dossier failed", retry=(
            "Bấm Tiếp nhận lại để thử tiếp; hồ sơ sẽ không bị tạo trùng.")))
        self.save_error.show()

    # -- printing -------------------------------------------------------------------------

    def _clerk(self) -> str:
        return self.ctx.session.user.full_name if self.ctx.session else ""

    def _office(self) -> Office | None:
        return self.ctx.health.office if self.ctx.health else None

    def reprint(self) -> None:
        # A paper that failed is retried as the same job (never printed twice); one that
        # printed is printed again only because the clerk asked for another copy.
        self.printing.reprint()

    def save_pdf(self, path: str | None = None) -> None:
        """Form 01 on A4 for offices with laser printers; written off the UI thread."""
        if self._last_dossier is None:
            return
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            from ui.common.documents import suggested_path

            path, _ = QFileDialog.getSaveFileName(
                self, "Lưu giấy tiếp nhận (A4)", suggested_path(f"{self._last_dossier.code}.pdf"),
                "PDF (*.pdf)")
            if not path:
                return
        from counter_app.desk.printouts import receipt_data

        office = self.ctx.health.office if self.ctx.health else None
        clerk = self.ctx.session.user.full_name if self.ctx.session else ""
        data = receipt_data(self._last_dossier, office, clerk)

        def write() -> str:
            from printing.pdf import receipt_pdf

            receipt_pdf(data, path)
            return path

        Task(self, write, lambda p: self.receipt.show_print_state(f"Đã lưu {p}", "done")) \
            .failure(lambda exc: self.receipt.show_print_state(
                f"Không lưu được PDF: {exc}", "failed")).run()

    # -- next applicant -------------------------------------------------------------------

    def follow_queue(self, current: Callable[[], Ticket | None]) -> None:
        """Where the ticket being served at this counter is read (the queue panel's state)."""
        self._serving = current

    def on_ticket_changed(self, ticket: Ticket | None) -> None:
        """The queue's ticket at this counter changed; None: nobody is being served."""
        new = ticket is not None and ticket.id != self._ticket_shown
        if new and self._last_dossier:
            self.new_applicant()  # the next person: a fresh form
        self._ticket_shown = ticket.id if ticket is not None else None
        if self._done:
            return  # the saved dossier's own message stays on screen
        if new and ticket is not None:
            self._update_save_state()
            self.save_hint.setText(
                f"Phiếu số {ticket.number}: hồ sơ tiếp nhận sẽ gắn với phiếu này.")
        elif ticket is None:
            self._update_save_state()

    def open_digitize(self):
        """The saved dossier's papers, component by component (issue 14)."""
        from ui.counter.reception.digitize_dialog import DigitizeDialog

        dossier = self._last_dossier
        if dossier is None or dossier.waiting:
            return None
        dialog = DigitizeDialog(self.ctx, dossier, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_online_assist(self):
        """Record helping the citizen file the online-only procedure on the portal."""
        from ui.counter.reception.online_assist_dialog import OnlineAssistDialog

        proc = self.procedures.procedure
        if proc is None or not proc.online_only:
            return None
        dialog = OnlineAssistDialog(self.ctx.api, proc, self._serving(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_recorded.connect(lambda r: self.save_hint.setText(
            f"Đã ghi nhận hỗ trợ nộp trực tuyến: mã hồ sơ trên Cổng {r.portal_code}."))
        dialog.open()
        return dialog

    def new_applicant(self) -> None:
        self._verified = None
        self._pending = None
        self._last_dossier = None
        self.digitize_button.setEnabled(False)
        self._done = False
        self._paper_keys.clear()
        self.printing.forget()
        self.receipt.clear()
        self.form.clear()
        self.proxy.clear()
        self.procedures.reset()
        self.badge.show_idle()
        self.save_error.hide()
        self._set_saving(False)
        self._update_save_state()
        self.form.inputs["id_number"].setFocus()

    def _ticket_id(self) -> int | None:
        ticket = self._serving()
        return ticket.id if ticket is not None else None

    def _on_delivery_changed(self) -> None:
        # By post the result usually goes to where the applicant lives: start from there.
        address = self.procedures.address
        if self.procedures.delivery.currentData() == "post" and not address.text():
            address.setText(self.form.text("address"))
