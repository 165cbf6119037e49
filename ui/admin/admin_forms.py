"""Building blocks of the admin window: a form whose fields show their own error line, a
status line, and a tab with a list on the left and the selected row's form on the right."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.client import errors
from counter_app.client.admin import AdminApi, field_errors
from ui.common.plain_label import PlainLabel
from ui.common.style import BAD, MUTED, OK
from ui.common.tasks import Task, describe

log = logging.getLogger(__name__)
FIX_FIRST = "Sửa các ô báo đỏ rồi lưu lại; chưa có gì được gửi đi."
NOTHING_CHANGED = "Không có thay đổi nào để lưu."
TAKES_EFFECT = "Các quầy, kiosk và màn hình sảnh nhận thay đổi ngay, không cần khởi động lại."



def save_problems(exc: BaseException, what: str) -> tuple[dict[str, str], str]:
    """({field: message}, summary) for a failed admin write: the backend's words put beside
    each field; anything else as every window says it (ui/common/tasks.py, describe)."""
    if isinstance(exc, errors.ApiError):
        return field_errors(exc)
    return {}, describe(exc, what)

class StatusLine(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def say(self, text: str, color: str = MUTED) -> None:
        self.setStyleSheet(f"color: {color}; font-weight: {600 if color != MUTED else 400};")
        self.setText(text)


class FieldForm(QWidget):
    """A QFormLayout where every field keeps a red line under it for its own problem."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A grid, not a QFormLayout: the form layout under-sizes rows whose wrapped hint or
        # error line needs a second line (seen with PySide6 6.11), clipping the text.
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(1, 1)
        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

    def add(self, key: str, label: str, widget: QWidget | QHBoxLayout,
            hint: str | None = None) -> QLabel | None:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if isinstance(widget, QHBoxLayout):
            column.addLayout(widget)
        else:
            column.addWidget(widget)
            self.widgets[key] = widget
        hint_label = None
        if hint:
            hint_label = PlainLabel(hint)
            hint_label.setObjectName("hint")
            hint_label.setWordWrap(True)
            column.addWidget(hint_label)
        error = PlainLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        self.errors[key] = error
        caption = PlainLabel(label)
        caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        caption.setContentsMargins(0, 5, 0, 0)  # level with the text of a line edit
        row = self.grid.rowCount()
        self.grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(holder, row, 1)
        self.rows[key] = (caption, holder)
        return hint_label

    def set_row_visible(self, key: str, visible: bool) -> None:
        for widget in self.rows[key]:
            widget.setVisible(visible)

    def show_errors(self, problems: dict[str, str]) -> dict[str, str]:
        """Put each problem under its field; returns the ones no field here takes."""
        self.clear_errors()
        left = {}
        for key, message in problems.items():
            label = self.errors.get(key)
            if label is None:
                left[key] = message
                continue
            label.setText(message)
            label.show()
            widget = self.widgets.get(key)
            if isinstance(widget, QLineEdit):
                _set_invalid(widget, True)
        first = next((self.widgets[k] for k in problems if k in self.widgets), None)
        if first is not None:
            first.setFocus()
        return left

    def clear_errors(self) -> None:
        for key, label in self.errors.items():
            label.clear()
            label.hide()
            widget = self.widgets.get(key)
            if isinstance(widget, QLineEdit):
                _set_invalid(widget, False)

    def error_text(self, key: str) -> str:
        label = self.errors.get(key)
        return label.text() if label is not None and not label.isHidden() else ""


def _set_invalid(widget: QWidget, invalid: bool) -> None:
    if widget.property("invalid") == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def primary_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName("primary")
    return button


class ListEditTab(QWidget):
    """A table of rows and, beside it, the form of the selected row (or of a new one).

    Subclasses say what the columns are, how a row fills the form, what the form sends and
    which endpoint takes it. Saving runs through Task; the window reloads every tab after.
    """

    sig_saved = Signal(object)
    """Something was saved; carries the key of the saved row."""

    COLUMNS: tuple[str, ...] = ()
    STRETCH_COLUMN = 1
    NEW_TEXT = "Thêm"
    NEW_TITLE = "Thêm mới"

    def __init__(self, admin: AdminApi, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.admin = admin
        self.items: list[Any] = []
        self.current: Any = None  # the row being edited; None: a new one
        self.busy = False
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.STRETCH_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_selected)
        self.new_button = QPushButton(f"＋ {self.NEW_TEXT}")
        self.new_button.clicked.connect(self.start_new)

        self.fields = FieldForm()
        self.status = StatusLine()
        self.save_button = primary_button("Lưu")
        self.save_button.clicked.connect(self.save)
        self.box = QGroupBox(self.NEW_TITLE)
        self.extra_buttons = QHBoxLayout()
        self.build_form(self.fields)
        buttons = QHBoxLayout()
        buttons.addLayout(self.extra_buttons)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        box_layout = QVBoxLayout(self.box)
        box_layout.addWidget(self.fields)
        box_layout.addStretch(1)
        self.add_below_form(box_layout)
        box_layout.addWidget(self.status)
        box_layout.addLayout(buttons)
        self.box.setMinimumWidth(460)

        left = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addStretch(1)
        left.addLayout(top)
        left.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(self.box, 2)
        self.edit(None)

    # -- what subclasses provide ---------------------------------------------------------

    def build_form(self, fields: FieldForm) -> None:
        raise NotImplementedError

    def add_below_form(self, layout: QVBoxLayout) -> None:
        """Room for extras between the fields and the status line."""

    def key(self, item: Any) -> Any:
        raise NotImplementedError

    def row(self, item: Any) -> list[str]:
        raise NotImplementedError

    def title(self, item: Any) -> str:
        raise NotImplementedError

    def fill(self, item: Any) -> None:
        """Put a row (None: blank defaults for a new one) into the form."""
        raise NotImplementedError

    def collect(self) -> tuple[dict[str, Any] | None, dict[str, str]]:
        """(what to send, or None when nothing changed; problems found before sending)."""
        raise NotImplementedError

    @staticmethod
    def send(admin: AdminApi, current: Any, body: dict[str, Any]) -> Any:
        """Runs on a pool thread (so a static method, holding no widget): POST when current
        is None, else PUT."""
        raise NotImplementedError

    def saved_message(self, result: Any, created: bool) -> str:
        raise NotImplementedError

    # -- rows -----------------------------------------------------------------------------

    def set_items(self, items: list[Any], select_key: Any = None) -> None:
        """New rows from the server; keeps the row being edited (or select_key) selected."""
        keep = select_key if select_key is not None else (
            self.key(self.current) if self.current is not None else None)
        self.items = list(items)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        chosen = -1
        for r, item in enumerate(self.items):
            for c, text in enumerate(self.row(item)):
                cell = QTableWidgetItem(text)
                self.table.setItem(r, c, cell)
            if keep is not None and self.key(item) == keep:
                chosen = r
        if chosen >= 0:
            self.table.selectRow(chosen)
        else:
            self.table.clearSelection()
        self.table.blockSignals(False)
        if chosen >= 0:
            self._show(self.items[chosen])
        elif self.current is not None:  # the row went away: back to a blank form
            self._show(None)
        else:
            self.refresh_form()

    def refresh_form(self) -> None:
        """Lists the form offers (services, counters) changed; the new-row form stays."""

    def select(self, key: Any) -> bool:
        for r, item in enumerate(self.items):
            if self.key(item) == key:
                self.table.selectRow(r)
                return True
        return False

    def _on_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.edit(self.items[rows[0].row()])

    def start_new(self) -> None:
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.blockSignals(False)
        self.edit(None)

    def edit(self, item: Any) -> None:
        self._show(item)
        self.status.say("" if item is not None else "Điền thông tin rồi bấm Lưu.")

    def _show(self, item: Any) -> None:
        self.current = item
        self.box.setTitle(self.NEW_TITLE if item is None else self.title(item))
        self.fields.clear_errors()
        self.fill(item)

    # -- save -----------------------------------------------------------------------------

    def save(self) -> None:
        if self.busy:
            return
        body, problems = self.collect()
        if problems:
            left = self.fields.show_errors(problems)
            self.status.say(" ".join([FIX_FIRST, *left.values()]), BAD)
            return
        self.fields.clear_errors()
        if body is None:
            self.status.say(NOTHING_CHANGED)
            return
        admin, current, send = self.admin, self.current, self.send  # no widget on the worker
        created = current is None
        self._set_busy(True)
        self.status.say("Đang lưu…")
        Task(self, lambda: send(admin, current, body),
             lambda result: self._on_saved(result, created)).failure(self._on_failed).run()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.save_button.setEnabled(not busy)

    def _on_saved(self, result: Any, created: bool) -> None:
        self._set_busy(False)
        self.current = result
        self.status.say(f"{self.saved_message(result, created)} {TAKES_EFFECT}", OK)
        self.sig_saved.emit(self.key(result))

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        problems, summary = save_problems(exc, "admin save failed")
        self.fields.show_errors(problems)
        self.status.say(f"Chưa lưu. {summary}", BAD)
