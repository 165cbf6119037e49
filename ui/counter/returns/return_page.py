"""Result return at the counter: find the dossier (receipt QR or code), check who collects
it (their card, the same identity check as reception), mark it returned, print the slip."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.api import new_idempotency_key
from counter_app.client.dossiers import DossierApi
from counter_app.client.models import Dossier, VerifyResult
from counter_app.domain.cccd import CccdError, parse_cccd_qr
from counter_app.domain.clock import in_office_time
from counter_app.domain.labels import DOSSIER_STATUS, label
from counter_app.scanner import tracking_token
from ui.common.context import AppContext
from ui.common.plain_label import PlainLabel, markup, rich_label
from ui.common.shortcuts import shortcut
from ui.common.style import ACCENT, BAD, OK, WARN
from ui.common.tasks import Task, describe
from ui.counter.deadlines.actions import DossierActions
from ui.counter.deadlines.step_line import step_line
from ui.counter.reception.receipt_panel import ReceiptPanel
from ui.counter.reception.verification_badge import VerificationBadge
from ui.counter.returns.collector_form import CollectorForm
from ui.printers.print_tracker import PrintTracker

log = logging.getLogger(__name__)
STATUS_COLORS = {"ready": OK, "returned": ACCENT, "withdrawn": BAD, "stopped": BAD,
                 "not_accepted": BAD, "needs_supplement": WARN, "awaiting_fee": WARN}
RETURN_TEXT = "Trả kết quả và in phiếu (Ctrl+S)"


def describe_dossier(d: Dossier) -> str:
    """Rich text around the server's words, each escaped: they are shown as written."""
    lines = [
        markup("<b>{}</b>", d.procedure.name),
        markup("Người nộp: {}", d.applicant.get("full_name", "")),
        f"Tiếp nhận: {in_office_time(d.received_at):%H:%M %d/%m/%Y} · "
        f"Hẹn trả: {in_office_time(d.due_at):%H:%M %d/%m/%Y}",
    ]
    if d.note:
        lines.append(markup("Ghi chú khi tiếp nhận: {}", d.note))
    if d.result_delivery == "post":
        lines.append(markup("Trả qua bưu chính: {}", d.delivery_address or ""))
    if d.returned is not None:
        lines.append(markup("Đã trả lúc {} cho {} ({})", f"{in_office_time(d.returned.at):%H:%M %d/%m/%Y}",
                            d.returned.collector_name, d.returned.collector_id_masked))
    return "<br>".join(lines)


class ReturnPage(QWidget):
    sig_found = Signal(object)
    """The dossier the clerk looked up is on screen (Dossier)."""
    sig_verified = Signal(object)
    """The backend's answer about the collector is on screen (VerifyResult)."""
    sig_returned = Signal(object)
    """The backend recorded the result as handed over (Dossier, now returned)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._api = DossierApi(ctx.api)
        self.dossier: Dossier | None = None
        self._verified: tuple[tuple, VerifyResult] | None = None
        self._keys: dict = {}  # (code, collector) -> idempotency key, across retries
        self._busy = False

        self.lookup = QLineEdit()
        self.lookup.setPlaceholderText("Nhập mã hồ sơ hoặc quét mã QR trên giấy tiếp nhận")
        self.lookup.returnPressed.connect(self.find)
        self.find_button = QPushButton("Tìm hồ sơ")
        self.find_button.clicked.connect(self.find)
        self.code = PlainLabel("—")
        self.code.setObjectName("dossierCode")
        self.status = PlainLabel()
        self.status.setStyleSheet("font-weight: 700;")
        self.details = rich_label("Quét mã QR trên giấy tiếp nhận (ở bất kỳ đâu trong cửa sổ) "
                                  "hoặc nhập mã hồ sơ.")
        self.details.setWordWrap(True)
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setMaximumHeight(200)
        self.lookup_error = PlainLabel()
        self.lookup_error.setObjectName("fieldError")
        self.lookup_error.setWordWrap(True)
        self.lookup_error.hide()
        search = QHBoxLayout()
        search.addWidget(self.lookup, 1)
        search.addWidget(self.find_button)
        dossier_box = QGroupBox("1. Hồ sơ")
        left = QVBoxLayout(dossier_box)
        left.addLayout(search)
        left.addWidget(self.lookup_error)
        left.addWidget(self.code)
        left.addWidget(self.status)
        left.addWidget(self.details)
        self.dossier_actions = DossierActions(ctx, self, columns=2)
        self.dossier_actions.sig_changed.connect(self.show_dossier)
        self.dossier_actions.sig_message.connect(self._on_action_message)
        left.addWidget(self.dossier_actions)
        self.view_files_button = QPushButton("Xem hồ sơ số hóa…")
        self.view_files_button.setToolTip("Các thành phần đã số hóa: trang, chữ ký số kiểm tra "
                                          "lại khi mở")
        self.view_files_button.setEnabled(False)
        self.view_files_button.clicked.connect(self.open_viewer)
        left.addWidget(self.view_files_button)
        left.addWidget(PlainLabel("Quá trình xử lý"))
        left.addWidget(self.history)
        left.addStretch(1)

        self.badge = VerificationBadge()
        self.badge.show_idle()
        self.collector = CollectorForm()
        self.collector.sig_edited.connect(self._on_collector_edited)
        self.collector.relation.currentIndexChanged.connect(self._update_state)
        self.verify_button = QPushButton("Xác thực người nhận (F5)")
        self.verify_button.clicked.connect(self.verify)
        self.return_button = QPushButton(RETURN_TEXT)
        self.return_button.setObjectName("primary")
        self.return_button.clicked.connect(self.mark_returned)
        self.hint = PlainLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.error = PlainLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        collector_box = QGroupBox("2. Người nhận kết quả")
        middle = QVBoxLayout(collector_box)
        middle.addWidget(self.badge)
        middle.addWidget(self.collector)
        middle.addWidget(self.verify_button)
        middle.addStretch(1)
        middle.addWidget(self.hint)
        middle.addWidget(self.error)
        middle.addWidget(self.return_button)

        self.slip = ReceiptPanel()
        self.slip.pdf.hide()
        self.slip.reprint.setText("In lại phiếu trả")
        self.slip.clear("Phiếu trả kết quả sẽ hiện ở đây.")
        self.printing = PrintTracker(ctx.receipts, self.slip, self)
        self.slip.sig_reprint_requested.connect(self.printing.reprint)
        slip_box = QGroupBox("3. Phiếu trả kết quả")
        QVBoxLayout(slip_box).addWidget(self.slip)

        layout = QHBoxLayout(self)
        layout.addWidget(dossier_box, 5)
        layout.addWidget(collector_box, 4)
        layout.addWidget(slip_box, 4)
        shortcut(self, "F5", self.verify)
        shortcut(self, "Ctrl+S", self.mark_returned)
        self._update_state()

    # -- scans and lookup -------------------------------------------------------------------

    def on_scanned(self, payload: str) -> None:
        """A scanner payload: the receipt's QR finds the dossier, a CCCD names the collector."""
        token = tracking_token(payload)
        if token:
            self._find(lambda: self._api.by_token(token))
            return
        try:
            card = parse_cccd_qr(payload)
        except CccdError as exc:
            self.badge.show_local_error(f"Mã QR không hợp lệ: {exc}")
            return
        self.collector.fill_from_card(card)
        self.verify()

    def on_scan_failed(self, message: str) -> None:
        """A scan went wrong: the receipt's QR or the collector's card, the clerk knows which."""
        log.info("scan not readable (scanner-speed burst without a payload)")
        self.lookup_error.setText(message)
        self.lookup_error.show()

    def find(self) -> None:
        text = self.lookup.text().strip()
        if not text:
            return
        token = tracking_token(text)
        code = text.upper()
        self._find((lambda: self._api.by_token(token)) if token
                   else (lambda: self._api.by_code(code)))

    def _find(self, op) -> None:
        self.lookup_error.hide()
        self.find_button.setEnabled(False)
        Task(self, op, self._on_found).failure(self._on_find_failed).run()

    def _on_found(self, dossier: Dossier) -> None:
        self.find_button.setEnabled(True)
        if self.dossier is None or self.dossier.code != dossier.code:
            self.slip.clear("Phiếu trả kết quả sẽ hiện ở đây.")
            self.printing.forget()
            self.error.hide()
        self.lookup.clear()
        self.show_dossier(dossier)
        self.sig_found.emit(dossier)

    def _on_find_failed(self, exc: BaseException) -> None:
        self.find_button.setEnabled(True)
        self._report(exc, self.lookup_error)

    def show_dossier(self, dossier: Dossier) -> None:
        if self.dossier is None or self.dossier.code != dossier.code:
            # A collector is checked for one dossier: the next one starts with nobody, or
            # one key press would hand it to the person who collected the last.
            self._forget_collector()
        self.dossier = dossier
        self.code.setText(dossier.code)
        self.status.setText("Trạng thái: " + label(DOSSIER_STATUS, dossier.status))
        self.status.setStyleSheet(
            f"font-weight: 700; color: {STATUS_COLORS.get(dossier.status, '#1f1f1f')};")
        self.details.setText(describe_dossier(dossier))
        self.history.clear()
        for step in dossier.history:
            self.history.addItem(step_line(step))
        self.dossier_actions.set_dossier(dossier)
        self.view_files_button.setEnabled(True)
        self._guess_relation()
        self._update_state()

    def open_viewer(self) -> None:
        from ui.counter.dossier_viewer.viewer_window import DossierViewer

        if self.dossier is None:
            return
        viewer = DossierViewer(self.ctx, self.dossier.code, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        self.viewer = viewer

    def _on_action_message(self, text: str) -> None:
        self.hint.setText(text)

    # -- collector --------------------------------------------------------------------------

    def _guess_relation(self) -> None:
        if self.dossier is None or not self.collector.id_number.text():
            return
        own = self.dossier.applicant.get("id_number") == self.collector.id_number.text().strip()
        self.collector.relation.setCurrentIndex(
            self.collector.relation.findData("self" if own else "authorized"))

    def _forget_collector(self) -> None:
        self._verified = None
        self.collector.clear()
        self.badge.show_idle()

    def _code(self) -> str | None:
        return self.dossier.code if self.dossier is not None else None

    def verify(self) -> None:
        who = self.collector.read()
        if who is None:
            return
        self._verified = None
        self.badge.show_checking()
        self.verify_button.setEnabled(False)
        self._guess_relation()
        api, code = self.ctx.api, self._code()
        Task(self, lambda: api.verify_identity(*who), lambda r: self._on_verified(code, who, r)) \
            .failure(lambda exc: self._on_verify_failed(code, who, exc)).run()

    def _still_asked(self, code: str | None, who: tuple) -> bool:
        """The answer is for the dossier and the collector still on screen."""
        return code == self._code() and self.collector.read() == who

    def _on_verified(self, code: str | None, who: tuple, result: VerifyResult) -> None:
        self.verify_button.setEnabled(True)
        if not self._still_asked(code, who):
            if code == self._code():
                self.badge.show_idle()
            return
        self._verified = (who, result)
        self.badge.show_result(result)
        self._update_state()
        self.sig_verified.emit(result)

    def _on_verify_failed(self, code: str | None, who: tuple, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        if not self._still_asked(code, who):
            return
        message = describe(exc, "collector verification failed")
        self.badge.show_failure(message)
        self._verified = (who, VerifyResult("unavailable", (), None, "", message))
        self._update_state()

    def _on_collector_edited(self) -> None:
        if self._verified is not None:
            self._verified = None
            self.badge.show_idle()
        self._update_state()

    # -- returning --------------------------------------------------------------------------

    def _blocker(self) -> str | None:
        d = self.dossier
        if d is None:
            return "Quét mã QR trên giấy tiếp nhận hoặc nhập mã hồ sơ."
        if d.status == "returned":
            return "Hồ sơ này đã trả kết quả."
        if d.status != "ready":
            return (f"Hồ sơ chưa có kết quả để trả (trạng thái: "
                    f"{label(DOSSIER_STATUS, d.status)}).")
        if self._verified is None:
            return "Quét thẻ CCCD của người nhận kết quả, rồi xác thực."
        if self._verified[1].outcome in ("mismatched", "not_found"):
            return "Danh tính người nhận không khớp CSDL dân cư: không trả kết quả."
        return None

    def _update_state(self) -> None:
        blocker = self._blocker()
        if blocker is None and self.collector.relation.currentData() == "authorized":
            hint = "Người nhận không phải người nộp: kiểm tra văn bản ủy quyền trước khi trả."
        elif (blocker is None and self._verified is not None
              and self._verified[1].outcome == "unavailable"):
            hint = "Lưu ý: chưa xác thực được người nhận; kiểm tra thẻ bằng mắt."
        else:
            hint = blocker or ""
        self.hint.setText(hint)
        self.return_button.setEnabled(blocker is None and not self._busy)

    def mark_returned(self) -> None:
        verified = self._verified
        if self._busy or self._blocker() is not None or self.dossier is None or verified is None:
            return
        (id_number, name, _dob, _sex), result = verified
        code, relation = self.dossier.code, self.collector.relation.currentData()
        key = self._keys.setdefault((code, id_number, relation), new_idempotency_key())
        self._busy = True
        self.error.hide()
        self.return_button.setText("Đang ghi nhận…")
        self._update_state()
        api = self._api
        Task(self, lambda: api.mark_returned(code, id_number, name, relation, result.outcome, key),
             lambda d: self._on_returned(d, name, id_number)) \
            .failure(self._on_return_failed).run()

    def _on_returned(self, dossier: Dossier, name: str, id_number: str) -> None:
        from counter_app.desk.form_data import return_data

        self._busy = False
        self.return_button.setText(RETURN_TEXT)
        log.info("dossier %s returned", dossier.code)
        self.show_dossier(dossier)
        office = self.ctx.health.office if self.ctx.health else None
        clerk = self.ctx.session.user.full_name if self.ctx.session else ""
        self.slip.show_record(dossier.code, f"Đã trả kết quả cho {name}.", "In lại phiếu trả")
        self.printing.print(return_data(dossier, name, id_number, office, clerk),
                            "result_return", "phiếu trả kết quả")
        self.sig_returned.emit(dossier)

    def _on_return_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.return_button.setText(RETURN_TEXT)
        self._report(exc, self.error)
        self._update_state()

    def _report(self, exc: BaseException, label: QLabel) -> None:
        label.setText(describe(exc, "return page failure", retry=(
            "Bấm lại để thử tiếp; thao tác sẽ không bị ghi trùng.")))
        label.show()

    def next_collector(self) -> None:
        self.dossier = None
        self._forget_collector()
        self.code.setText("—")
        self.status.setText("")
        self.details.setText("Quét mã QR trên giấy tiếp nhận hoặc nhập mã hồ sơ.")
        self.history.clear()
        self.slip.clear("Phiếu trả kết quả sẽ hiện ở đây.")
        self.printing.forget()
        self._update_state()
