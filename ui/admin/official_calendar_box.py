"""The official yearly schedule in the calendar dialog: the days of one year with where
each came from (explain()), a lookup for any date, and "Nhập lịch nghỉ năm…" to import
next year's notice (JSON or CSV: date,kind,name,source; all of it or nothing)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.dossiers import CalendarOverrides, DossierApi
from counter_app.domain.calendar import WEEKDAY_NAMES, DayExplanation, WorkingCalendar
from counter_app.domain.clock import office_today
from ui.common.plain_label import PlainLabel
from ui.common.qdates import from_qdate, to_qdate
from ui.common.tasks import Task, describe


def explain_line(d: date, why: DayExplanation) -> str:
    state = "làm việc" if why.is_working_day else "nghỉ"
    return f"{WEEKDAY_NAMES[d.weekday()]}, {d:%d/%m/%Y}: {state} — {why.reason} ({why.source})"


def read_notice(path: str) -> tuple[str, str]:
    """(format, text) of a notice file; runs off the UI thread."""
    fmt = "json" if path.lower().endswith(".json") else "csv"
    return fmt, Path(path).read_text(encoding="utf-8-sig")


class OfficialCalendarBox(QGroupBox):
    sig_imported = Signal(object)
    """The backend stored an imported year (the whole calendar, CalendarOverrides)."""

    def __init__(self, api: DossierApi, calendar: Callable[[], WorkingCalendar | None],
                 parent: QWidget | None = None) -> None:
        super().__init__("Lịch nghỉ chính thức hằng năm", parent)
        self._api = api
        self._calendar = calendar  # the calendar as on screen, None while it is invalid
        self._overrides = CalendarOverrides()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(office_today().year)
        self.year.valueChanged.connect(self.refresh)
        self.origin = PlainLabel()
        self.origin.setObjectName("hint")
        self.origin.setWordWrap(True)
        self.days = QListWidget()
        self.import_button = QPushButton("Nhập lịch nghỉ năm…")
        self.import_button.clicked.connect(self._on_import)
        self.lookup = QDateEdit(to_qdate(office_today()))
        self.lookup.setCalendarPopup(True)
        self.lookup.setDisplayFormat("dd/MM/yyyy")
        self.lookup.dateChanged.connect(self._explain_lookup)
        self.lookup_result = PlainLabel()
        self.lookup_result.setWordWrap(True)
        self.message = PlainLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(PlainLabel("Năm"))
        top.addWidget(self.year)
        top.addWidget(self.origin, 1)
        top.addWidget(self.import_button)
        look = QHBoxLayout()
        look.addWidget(PlainLabel("Tra cứu ngày"))
        look.addWidget(self.lookup)
        look.addWidget(self.lookup_result, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.days, 1)
        layout.addLayout(look)
        layout.addWidget(self.message)

    def set_overrides(self, overrides: CalendarOverrides) -> None:
        self._overrides = overrides
        self.refresh()

    def refresh(self) -> None:
        year = self.year.value()
        table = next((t for t in self._overrides.official if t.get("year") == year), None)
        self.days.clear()
        if table is None:
            self.origin.setText(f"Chưa có lịch chính thức năm {year}: dùng ngày lễ theo thư "
                                "viện holidays. Hãy nhập thông báo của năm.")
        else:
            how = "đã nhập" if table.get("origin") == "imported" else "có sẵn"
            self.origin.setText(f"Lịch chính thức năm {year} ({how}).")
            calendar = self._calendar()
            for raw in table.get("days") or ():
                d = date.fromisoformat(str(raw["date"]))
                if calendar is not None:
                    self.days.addItem(explain_line(d, calendar.explain(d)))
        self._explain_lookup()

    def _explain_lookup(self) -> None:
        calendar = self._calendar()
        d = from_qdate(self.lookup.date())
        self.lookup_result.setText(explain_line(d, calendar.explain(d)) if calendar else "")

    def _on_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, f"Thông báo lịch nghỉ năm {self.year.value()}", "",
            "Lịch nghỉ (*.json *.csv)")
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        year, api = self.year.value(), self._api

        def work() -> CalendarOverrides:
            fmt, text = read_notice(path)
            return api.import_official_calendar(year, fmt, text)

        self.import_button.setEnabled(False)
        self.message.setText("")
        Task(self, work, self._on_imported).failure(self._on_failed).run()

    def _on_imported(self, overrides: CalendarOverrides) -> None:
        self.import_button.setEnabled(True)
        self.sig_imported.emit(overrides)  # first: the dialog's calendar takes the new tables
        self.set_overrides(overrides)

    def _on_failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        if isinstance(exc, OSError | UnicodeDecodeError):
            self.message.setText("Không đọc được tệp (cần tệp văn bản UTF-8 .json hoặc .csv).")
        else:
            self.message.setText(describe(exc, "official calendar import failure"))
