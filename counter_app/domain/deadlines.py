"""Time limits after receipt (Decree 118/2025, Circular 03/2025 forms 04 and 06): how a
hand-over stands against its step's due time, which dossiers are due soon or late, and the
one-extension rule for a late result.

All datetimes are aware; comparisons of days are made in the office's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from counter_app.domain.calendar import WorkingCalendar

HandoverResult = Literal["early", "on_time", "late"]
HANDOVER_RESULT: dict[str, str] = {"early": "Trước hạn", "on_time": "Đúng hạn",
                                   "late": "Quá hạn"}
DeadlineState = Literal["due_soon", "overdue"]
DEADLINE_STATE: dict[str, str] = {"due_soon": "Sắp đến hạn", "overdue": "Quá hạn"}
# "Sắp đến hạn": due within this many working days from today (today included).
DUE_SOON_WORKING_DAYS = 2
MAX_EXTENSIONS = 1


class DeadlineError(ValueError):
    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def handover_result(at: datetime, due_by: datetime, cal: WorkingCalendar) -> HandoverResult:
    """Form 06's column: before the due day, on the due day (not past the time), or late."""
    if at > due_by:
        return "late"
    if at.astimezone(cal.tz).date() == due_by.astimezone(cal.tz).date():
        return "on_time"
    return "early"


def deadline_state(due_at: datetime, now: datetime,
                   cal: WorkingCalendar) -> DeadlineState | None:
    if now > due_at:
        return "overdue"
    today = now.astimezone(cal.tz).date()
    # Today counts as the first of the window when it is a working day.
    horizon = cal.add_working_days(today, DUE_SOON_WORKING_DAYS - int(cal.is_working_day(today)))
    if due_at.astimezone(cal.tz).date() <= horizon:
        return "due_soon"
    return None


@dataclass(frozen=True)
class Extension:
    reason: str
    new_due_at: datetime


def check_extension(*, due_at: datetime, now: datetime, extensions: int,
                    ext: Extension, cal: WorkingCalendar) -> None:
    """Form 04: the apology and new appointment, once, before the appointment has passed."""
    if extensions >= MAX_EXTENSIONS:
        raise DeadlineError(
            "Hồ sơ đã được hẹn lại ngày trả kết quả một lần. Theo Nghị định 118/2025/NĐ-CP, "
            "thời hạn chỉ được gia hạn một lần: không lập thêm Phiếu xin lỗi và hẹn lại.",
            code="extension_second")
    if now > due_at:
        local = due_at.astimezone(cal.tz)
        raise DeadlineError(
            f"Đã quá hẹn trả kết quả ({local:%H:%M %d/%m/%Y}). Phiếu xin lỗi và hẹn lại phải "
            "gửi trước ngày hẹn trả (chậm nhất 01 ngày làm việc trước ngày hẹn).",
            code="extension_after_due")
    if len(ext.reason.strip()) < 5:
        raise DeadlineError("Cần ghi rõ lý do trễ hạn (ít nhất 5 ký tự).",
                            code="extension_reason")
    if ext.new_due_at <= due_at:
        raise DeadlineError("Ngày hẹn mới phải sau ngày hẹn cũ.", code="extension_not_later")
    if not cal.is_working_day(ext.new_due_at.astimezone(cal.tz).date()):
        raise DeadlineError(
            f"Ngày hẹn mới {ext.new_due_at.astimezone(cal.tz):%d/%m/%Y} không phải ngày làm "
            "việc.", code="extension_day_off")
