"""The office's working-day overrides for admins: extra days off, extra working days (the
government's yearly swaps, local closures), office hours, Saturday reception sessions and
the official yearly schedule (official_calendar_box.py). Appointments use them from the
next dossier on."""

from __future__ import annotations

import logging
from datetime import date, time

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.client.dossiers import CalendarOverrides, DossierApi
from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.clock import office_today
from ui.admin.official_calendar_box import OfficialCalendarBox
from ui.common.context import AppContext
from ui.common.plain_label import PlainLabel
from ui.common.qdates import from_qdate, to_qdate
from ui.common.tasks import Task, describe

log = logging.getLogger(__name__)
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_REFERENCE = WorkingCalendar()  # public holidays only, to name the dates the admin adds


def describe_day(d: date) -> str:
    holiday = _REFERENCE.holiday_name(d)
    extra = f" — {holiday}" if holiday else ""
    return f"{WEEKDAYS[d.weekday()]}, {d:%d/%m/%Y}{extra}"


class DateList(QGroupBox):
    """A list of dates with a picker to add one and a button to remove the selected."""

    sig_changed = Signal()
    """A date was added or removed."""

    def __init__(self, title: str, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.picker = QDateEdit(to_qdate(office_today()))
        self.picker.setCalendarPopup(True)
        self.picker.setDisplayFormat("dd/MM/yyyy")
        self.add_button = QPushButton("Thêm")
        self.add_button.clicked.connect(self._on_add)
        self.remove_button = QPushButton("Xóa ngày đã chọn")
        self.remove_button.clicked.connect(self._on_remove)
        self.list = QListWidget()
        note = PlainLabel(hint)
        note.setObjectName("hint")
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.picker, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.remove_button)

    def dates(self) -> tuple[date, ...]:
        return tuple(sorted(self.list.item(i).data(Qt.ItemDataRole.UserRole)
                            for i in range(self.list.count())))

    def set_dates(self, days: tuple[date, ...]) -> None:
        self.list.clear()
        for d in sorted(days):
            item = QListWidgetItem(describe_day(d))
            item.setData(Qt.ItemDataRole.UserRole, d)
            self.list.addItem(item)

    def add(self, d: date) -> None:
        if d not in self.dates():
            self.set_dates((*self.dates(), d))
            self.sig_changed.emit()

    def _on_add(self) -> None:
        self.add(from_qdate(self.picker.date()))

    def _on_remove(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.sig_changed.emit()


class CalendarDialog(QDialog):
    sig_saved = Signal(object)
    """The backend stored the new overrides (CalendarOverrides)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lịch làm việc của cơ quan")
        self._api = DossierApi(ctx.api)
        heading = PlainLabel("Lịch làm việc: ngày nghỉ, ngày làm bù và giờ làm việc")
        heading.setObjectName("title")
        heading.setWordWrap(True)
        intro = PlainLabel("Ngày lễ, Tết theo Bộ luật Lao động đã có sẵn. Chỉ cần thêm các ngày "
                           "Chính phủ cho nghỉ bù, hoán đổi hằng năm và ngày nghỉ riêng của cơ quan. "
                           "Lịch mới áp dụng cho hồ sơ tiếp nhận tiếp theo.")
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        self.days_off = DateList("Ngày nghỉ thêm", "Ngày làm việc bình thường nhưng cơ quan nghỉ.")
        self.working_days = DateList("Ngày làm việc bù",
                                     "Thứ Bảy, Chủ nhật hoặc ngày nghỉ phải đi làm (làm bù).")
        days = QHBoxLayout()
        days.addWidget(self.days_off)
        days.addWidget(self.working_days)

        self.sessions: list[tuple[QTimeEdit, QTimeEdit]] = []
        hours_box = QGroupBox("Giờ làm việc")
        hours = QHBoxLayout(hours_box)
        for label in ("Buổi sáng", "Buổi chiều"):
            start, end = QTimeEdit(), QTimeEdit()
            for edit in (start, end):
                edit.setDisplayFormat("HH:mm")
            hours.addWidget(PlainLabel(label))
            hours.addWidget(start)
            hours.addWidget(PlainLabel("đến"))
            hours.addWidget(end)
            hours.addSpacing(18)
            self.sessions.append((start, end))
        hours.addStretch(1)

        reception_box = QGroupBox("Buổi tiếp nhận thêm (không tính vào thời hạn giải quyết)")
        reception = QHBoxLayout(reception_box)
        self.saturday = QCheckBox("Tiếp nhận sáng Thứ Bảy")
        self.saturday_start, self.saturday_end = QTimeEdit(QTime(7, 30)), QTimeEdit(QTime(11, 30))
        reception.addWidget(self.saturday)
        for i, edit in enumerate((self.saturday_start, self.saturday_end)):
            edit.setDisplayFormat("HH:mm")
            if i:
                reception.addWidget(PlainLabel("đến"))
            reception.addWidget(edit)
        note = PlainLabel("Quầy mở nhận hồ sơ, nhưng thời hạn tính từ ngày làm việc tiếp theo.")
        note.setObjectName("hint")
        note.setWordWrap(True)
        reception.addWidget(note, 1)
        self._other_reception: tuple[tuple[int, time, time], ...] = ()

        self.official = OfficialCalendarBox(self._api, self._screen_calendar)
        self.official.sig_imported.connect(self._on_imported)
        self._official: tuple[dict[str, object], ...] = ()
        for dates in (self.days_off, self.working_days):
            dates.sig_changed.connect(self.official.refresh)

        self.error = PlainLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.status = PlainLabel("Đang tải lịch từ máy chủ…")
        self.status.setObjectName("hint")
        self.save_button = QPushButton("Lưu lịch")
        self.save_button.setObjectName("primary")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(close)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(days, 1)
        layout.addWidget(hours_box)
        layout.addWidget(reception_box)
        layout.addWidget(self.official, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(900, 820)
        self.set_overrides(CalendarOverrides())
        self.load()

    def load(self) -> None:
        Task(self, self._api.calendar_json, self._on_loaded).failure(self._on_failed).run()

    def _on_loaded(self, raw: dict) -> None:
        self.set_overrides(CalendarOverrides.from_json(raw))
        self.status.setText("Đã tải lịch hiện hành.")
        self.save_button.setEnabled(True)

    def set_overrides(self, overrides: CalendarOverrides) -> None:
        self.days_off.set_dates(overrides.extra_days_off)
        self.working_days.set_dates(overrides.extra_working_days)
        hours = list(overrides.office_hours)[:2]
        for (start, end), (a, b) in zip(self.sessions, hours, strict=False):
            start.setTime(QTime(a.hour, a.minute))
            end.setTime(QTime(b.hour, b.minute))
        saturday = [x for x in overrides.reception_sessions if x[0] == 5]
        self._other_reception = tuple(x for x in overrides.reception_sessions
                                      if x not in saturday[:1])
        self.saturday.setChecked(bool(saturday))
        if saturday:
            _, a, b = saturday[0]
            self.saturday_start.setTime(QTime(a.hour, a.minute))
            self.saturday_end.setTime(QTime(b.hour, b.minute))
        self._official = overrides.official
        self.official.set_overrides(overrides)

    def _on_imported(self, overrides: CalendarOverrides) -> None:
        # Only the official tables came from the import; unsaved edits on screen stay.
        self._official = overrides.official
        self.status.setText("Đã nhập lịch nghỉ. Lịch mới áp dụng cho hồ sơ tiếp nhận tiếp theo.")
        self.sig_saved.emit(overrides)

    def _on_screen(self) -> CalendarOverrides:
        hours = tuple((time(s.time().hour(), s.time().minute()),
                       time(e.time().hour(), e.time().minute())) for s, e in self.sessions)
        reception = self._other_reception
        if self.saturday.isChecked():
            a, b = self.saturday_start.time(), self.saturday_end.time()
            reception = ((5, time(a.hour(), a.minute()), time(b.hour(), b.minute())),
                         *reception)
        return CalendarOverrides(self.days_off.dates(), self.working_days.dates(), hours,
                                 reception, self._official)

    def _screen_calendar(self) -> WorkingCalendar | None:
        try:
            return self._on_screen().working_calendar()
        except ValueError:
            return None

    def overrides(self) -> CalendarOverrides | None:
        """What is on screen, checked; None after saying what is wrong."""
        result = self._on_screen()
        clash = set(result.extra_days_off) & set(result.extra_working_days)
        if clash:
            listed = ", ".join(f"{d:%d/%m/%Y}" for d in sorted(clash))
            return self._invalid(f"Ngày {listed} vừa là ngày nghỉ vừa là ngày làm bù.")
        try:
            result.working_calendar()
        except ValueError:
            return self._invalid("Giờ làm việc không hợp lệ: mỗi buổi phải kết thúc sau khi "
                                 "bắt đầu, buổi chiều bắt đầu sau buổi sáng; buổi tiếp nhận "
                                 "Thứ Bảy cũng vậy.")
        self.error.hide()
        return result

    def _invalid(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        return None

    def save(self) -> None:
        overrides = self.overrides()
        if overrides is None:
            return
        self.save_button.setEnabled(False)
        self.status.setText("Đang lưu…")
        api = self._api
        Task(self, lambda: api.save_calendar(overrides), self._on_saved) \
            .failure(self._on_failed).run()

    def _on_saved(self, overrides: CalendarOverrides) -> None:
        self.set_overrides(overrides)
        self.save_button.setEnabled(True)
        self.status.setText("Đã lưu. Lịch mới áp dụng cho hồ sơ tiếp nhận tiếp theo.")
        self.sig_saved.emit(overrides)

    def _on_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.status.setText("")
        self._invalid(describe(exc, "calendar dialog failure"))
