"""The first event of every dossier: received at the one-stop counter, which must pass it
to the resolving unit by the end of the next working day (Decree 118/2025)."""

from __future__ import annotations

from datetime import datetime

from backend import models
from counter_app.domain.calendar import WorkingCalendar

COUNTER_UNIT = "Bộ phận Một cửa"


def received_event(calendar: WorkingCalendar, now: datetime,
                   user_id: int) -> models.DossierHistory:
    local_day = now.astimezone(calendar.tz).date()
    hand_over_by = calendar.closing_time(calendar.next_working_day(local_day))
    return models.DossierHistory(status="received", at=now, user_id=user_id,
                                 to_unit=COUNTER_UNIT, due_by=hand_over_by)
