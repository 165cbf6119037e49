"""Pick the procedure and tick the documents actually handed over."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.models import DocumentLine, DocumentSpec, Procedure
from counter_app.domain.clock import office_now
from ui.common.plain_label import PlainLabel, plain_tip
from ui.common.table_cells import cell_item, cell_widget
from ui.counter.reception.online_only_notice import OnlineOnlyNotice

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
DELIVERY = {"counter": "Nhận tại Bộ phận Một cửa", "post": "Qua dịch vụ bưu chính"}


def format_fee(fee: int) -> str:
    return "Miễn phí" if fee <= 0 else f"{fee:,}".replace(",", ".") + " đ"


class ProcedurePanel(QWidget):
    sig_changed = Signal()
    """The procedure or the documents changed."""
    sig_assist_requested = Signal()
    """The clerk will record helping the citizen file the online-only procedure online."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._procedures: list[Procedure] = []
        self._index = None
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm thủ tục: tên hoặc mã, gõ không dấu cũng được…")
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._on_search)
        self.search.returnPressed.connect(self._on_search_accepted)
        self.results = QListWidget()
        self.results.setMaximumHeight(150)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.itemActivated.connect(self._on_result_chosen)
        self.results.itemClicked.connect(self._on_result_chosen)
        self.results.hide()
        self.combo = QComboBox()
        # Procedure names are long; without this the combo widens the whole window.
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(24)
        self.combo.currentIndexChanged.connect(self._on_procedure_changed)
        self.info = PlainLabel("Chưa chọn thủ tục.")
        self.info.setObjectName("hint")
        self.info.setWordWrap(True)
        self.fee = PlainLabel()
        self.fee.setStyleSheet("font-weight: 600;")
        self.appointment = PlainLabel()
        self.appointment.setStyleSheet("font-weight: 600;")
        self.appointment.setWordWrap(True)
        self.source = PlainLabel()  # where the catalogue came from when it is not live
        self.source.setObjectName("hint")
        self.source.setWordWrap(True)
        self.source.hide()
        self.online_only = OnlineOnlyNotice()
        self.online_only.sig_assist_requested.connect(self.sig_assist_requested)
        self._calendar = None
        # The appointment moves as the clock passes lunch, closing or a cut-off.
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._update_appointment)
        self._clock.start(30_000)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Đã nhận", "Giấy tờ", "Bản chính", "Bản sao"])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(lambda _item: self.sig_changed.emit())

        self.all_button = QPushButton("Nhận đủ tất cả")
        self.all_button.clicked.connect(self.check_all)
        self.sets = QSpinBox()
        self.sets.setRange(1, 20)
        self.sets.setPrefix("Số bộ: ")
        self.delivery = QComboBox()
        for key, text in DELIVERY.items():
            self.delivery.addItem(text, key)
        self.delivery.currentIndexChanged.connect(self._on_delivery_changed)
        self.address = QLineEdit()
        self.address.setPlaceholderText("Địa chỉ nhận kết quả qua bưu chính (bắt buộc)")
        self.address.textChanged.connect(lambda _t: self.sig_changed.emit())
        self.address.hide()

        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addStretch(1)
        row.addWidget(self.sets)
        delivery_row = QHBoxLayout()
        delivery_row.addWidget(PlainLabel("Trả kết quả:"))
        delivery_row.addWidget(self.delivery, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.source)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addWidget(self.combo)
        layout.addWidget(self.info)
        layout.addWidget(self.fee)
        layout.addWidget(self.appointment)
        layout.addWidget(self.online_only)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addLayout(delivery_row)
        layout.addWidget(self.address)

    def set_source_note(self, text: str) -> None:
        """Empty when the catalogue is live; else says it is the copy saved at some time."""
        self.source.setText(text)
        self.source.setVisible(bool(text))

    def set_calendar(self, calendar) -> None:  # counter_app.domain.calendar.WorkingCalendar
        self._calendar = calendar
        self._update_appointment()

    def set_procedures(self, procedures: list[Procedure]) -> None:
        if list(procedures) == self._procedures and self._index is not None:
            return  # the same catalogue again (reloaded live after a cached start)
        chosen = self.combo.currentData()
        self._procedures = list(procedures)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("", None)
        for p in self._procedures:
            self.combo.addItem(f"{p.name} ({p.code})", p.code)
        self.combo.setCurrentIndex(max(0, self.combo.findData(chosen)) if chosen else 0)
        self.combo.blockSignals(False)
        from counter_app.domain.search import ProcedureIndex

        self._index = ProcedureIndex(self._procedures, code=lambda p: p.code,
                                     name=lambda p: p.name, field=lambda p: p.field)
        self._on_procedure_changed()

    def _on_search(self, text: str) -> None:
        self.results.clear()
        if not text.strip() or self._index is None:
            self.results.hide()
            return
        for proc in self._index.search(text, limit=30):
            item = QListWidgetItem(f"{proc.name} — {proc.code}")
            item.setData(Qt.ItemDataRole.UserRole, proc.code)
            self.results.addItem(item)
        if self.results.count() == 0:
            self.results.addItem(QListWidgetItem("Không tìm thấy thủ tục phù hợp."))
        self.results.setCurrentRow(0)
        self.results.show()

    def _on_search_accepted(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._on_result_chosen(item)

    def _on_result_chosen(self, item: QListWidgetItem) -> None:
        code = item.data(Qt.ItemDataRole.UserRole)
        if not code:
            return
        self.select(code)
        self.search.clear()
        self.results.hide()
        self.table.setFocus()

    def select(self, code: str) -> None:
        index = self.combo.findData(code)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    @property
    def procedure(self) -> Procedure | None:
        return self.procedure_at(self.combo.currentIndex())

    def procedure_at(self, index: int) -> Procedure | None:
        code = self.combo.itemData(index)
        return next((p for p in self._procedures if p.code == code), None)

    def check_all(self) -> None:
        for row in range(self.table.rowCount()):
            cell_item(self.table, row, 0).setCheckState(Qt.CheckState.Checked)

    def documents(self) -> tuple[DocumentLine, ...]:
        lines = []
        for row in range(self.table.rowCount()):
            if cell_item(self.table, row, 0).checkState() == Qt.CheckState.Checked:
                lines.append(DocumentLine(
                    cell_item(self.table, row, 1).data(Qt.ItemDataRole.UserRole),
                    cell_widget(self.table, row, 2, QSpinBox).value(),
                    cell_widget(self.table, row, 3, QSpinBox).value(),
                ))
        return tuple(lines)

    def missing_required(self) -> list[str]:
        return [spec.name for spec in self.missing_specs()]

    def missing_specs(self) -> list[DocumentSpec]:
        """Required documents not ticked: what form 02 asks for."""
        proc = self.procedure
        if proc is None:
            return []
        return [spec for row, spec in enumerate(proc.documents)
                if spec.required
                and cell_item(self.table, row, 0).checkState() != Qt.CheckState.Checked]

    def delivery_address(self) -> str | None:
        if self.delivery.currentData() != "post":
            return None
        return " ".join(self.address.text().split()) or None

    def delivery_problem(self) -> str | None:
        if self.delivery.currentData() == "post" and not self.delivery_address():
            return "Nhập địa chỉ nhận kết quả qua bưu chính."
        return None

    def reset(self) -> None:
        self.combo.setCurrentIndex(0)
        self.sets.setValue(1)
        self.delivery.setCurrentIndex(0)
        self.address.clear()

    def _on_delivery_changed(self) -> None:
        self.address.setVisible(self.delivery.currentData() == "post")
        self.sig_changed.emit()

    def _offer_deliveries(self, allowed: tuple[str, ...]) -> None:
        model = self.delivery.model()
        for i in range(self.delivery.count()):
            if isinstance(model, QStandardItemModel) and (entry := model.item(i)) is not None:
                entry.setEnabled(self.delivery.itemData(i) in allowed)
        if self.delivery.currentData() not in allowed:
            self.delivery.setCurrentIndex(max(0, self.delivery.findData(allowed[0])))

    def _on_procedure_changed(self) -> None:
        proc = self.procedure
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.online_only.setVisible(proc is not None and proc.online_only)
        if proc is None:
            self.info.setText("Chưa chọn thủ tục.")
            self.fee.setText("")
            self._offer_deliveries(tuple(DELIVERY))
        else:
            self.info.setText(
                f"Lĩnh vực: {proc.field} · Thời hạn giải quyết: {proc.processing_text}")
            self.fee.setText(f"Phí, lệ phí: {format_fee(proc.fee)}")
            self._offer_deliveries(proc.result_delivery or ("counter",))
            self.table.setRowCount(len(proc.documents))
            for row, spec in enumerate(proc.documents):
                check = QTableWidgetItem()
                check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                check.setCheckState(Qt.CheckState.Unchecked)
                optional = "" if spec.required or "(nếu" in spec.name else " (nếu có)"
                name = QTableWidgetItem(spec.name + optional)
                name.setFlags(Qt.ItemFlag.ItemIsEnabled)
                name.setToolTip(plain_tip(spec.name))
                name.setData(Qt.ItemDataRole.UserRole, spec.name)
                self.table.setItem(row, 0, check)
                self.table.setItem(row, 1, name)
                for col, value in ((2, spec.originals), (3, spec.copies)):
                    spin = QSpinBox()
                    spin.setRange(0, 20)
                    spin.setValue(value)
                    self.table.setCellWidget(row, col, spin)
            self.table.resizeRowsToContents()
        self.table.blockSignals(False)
        self._update_appointment()
        self.sig_changed.emit()

    def _update_appointment(self) -> None:
        proc = self.procedure
        # The portal dates an online-only dossier, not this counter.
        self.appointment.setVisible(proc is not None and not proc.online_only)
        if proc is None or proc.online_only:
            self.appointment.setText("")
            return
        if self._calendar is None:
            from counter_app.domain.calendar import WorkingCalendar

            self._calendar = WorkingCalendar()
        due = proc.due_at(self._calendar, office_now().astimezone(self._calendar.tz))
        self.appointment.setText(
            f"Hẹn trả kết quả nếu tiếp nhận bây giờ: {due:%H:%M}, {WEEKDAYS[due.weekday()]} "
            f"{due:%d/%m/%Y}")
