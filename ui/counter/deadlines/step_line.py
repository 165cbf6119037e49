"""One line of a dossier's history as the clerk reads it: status steps, hand-overs between
units (form 06) and a moved appointment (form 04)."""

from __future__ import annotations

from counter_app.client.models import StatusChange
from counter_app.domain.clock import in_office_time
from counter_app.domain.labels import DOSSIER_STATUS, label


def step_line(step: StatusChange) -> str:
    when = f"{in_office_time(step.at):%H:%M %d/%m}"
    note = f" — {step.note}" if step.note else ""
    if step.kind == "handover":
        what = f"Chuyển {step.from_unit or ''} → {step.to_unit or ''}"
        if step.due_by:
            what += f" (hạn {in_office_time(step.due_by):%H:%M %d/%m})"
    elif step.kind == "extension":
        new = f"{in_office_time(step.due_by):%H:%M %d/%m/%Y}" if step.due_by else ""
        what = f"Xin lỗi, hẹn lại ngày trả: {new} (Mẫu 04 số {step.form_no or '—'})"
    else:
        what = label(DOSSIER_STATUS, step.status)
        if step.form_no:
            what += f" (Mẫu 05 số {step.form_no})"
    return f"{when} · {what} · {step.by}{note}"
