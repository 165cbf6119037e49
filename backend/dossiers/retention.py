"""Removing applicants' personal data from closed dossiers after the office's retention
period (issue 12, item 10), keeping everything the statistics and the ledger's numbering
need: codes, procedure, dates, statuses, fees, who received and returned.

`offices.personal_data_years` (None: kept) is set by the office's admin. A dossier is
closed once returned or cancelled; its personal data goes `years` after that step. Form
02/03 records (supplement requests, refusals) go `years` after they were issued. The
applicant is replaced by a placeholder that still fits the API's shape, and the row says
when it was cleared. Runs at start-up, then every few hours, and on
`counter-app admin retention purge`.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select

from backend import audit, clock, models
from backend.db import Database
from counter_app.domain.dossier_status import FINAL

log = logging.getLogger(__name__)

CLOSED = tuple(sorted(FINAL))  # the dossier's life has ended: returned, stopped, ...
REMOVED = "(đã xóa theo thời hạn lưu trữ)"
PLACEHOLDER: dict[str, Any] = {
    "id_number": "000000000000", "old_id_number": None, "full_name": REMOVED,
    "date_of_birth": "1900-01-01", "sex": "Nam", "address": REMOVED, "phone": None,
    "email": None,
}
BATCH = 500


def years_before(now: datetime, years: int) -> datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def purge(db: Database, now: datetime | None = None) -> dict[str, int]:
    """Clear what is due in every office that set a period; {office code: rows cleared}."""
    now = now or clock.utc_now()
    done: dict[str, int] = {}
    with db.read() as s:
        offices = [(o.id, o.code, o.personal_data_years) for o in
                   s.scalars(select(models.Office).where(
                       models.Office.personal_data_years.is_not(None)))]
    for office_id, code, years in offices:
        if years is None:  # the query selects offices with a period; typed Optional
            continue
        n = _purge_office(db, office_id, years_before(now, years), now)
        if n:
            done[code] = n
    return done


def _purge_office(db: Database, office_id: int, cutoff: datetime, now: datetime) -> int:
    closed_at = (select(models.DossierHistory.dossier_id,
                        func.max(models.DossierHistory.at).label("at"))
                 .where(models.DossierHistory.status.in_(CLOSED))
                 .group_by(models.DossierHistory.dossier_id).subquery())
    total = dossiers = forms = 0
    while True:
        with db.write() as s:
            due = s.scalars(select(models.Dossier)
                            .join(closed_at, closed_at.c.dossier_id == models.Dossier.id)
                            .where(models.Dossier.office_id == office_id,
                                   models.Dossier.status.in_(CLOSED),
                                   models.Dossier.personal_data_removed_at.is_(None),
                                   closed_at.c.at < cutoff).limit(BATCH)).unique().all()
            for d in due:
                d.applicant = dict(PLACEHOLDER)
                d.proxy = None
                d.delivery_address = None if d.delivery_address is None else REMOVED
                d.note = None
                if d.return_info:
                    d.return_info = {**d.return_info, "collector_name": REMOVED,
                                     "collector_id_masked": ""}
                d.personal_data_removed_at = now
            old_forms = s.scalars(select(models.FormRecord).where(
                models.FormRecord.office_id == office_id,
                models.FormRecord.personal_data_removed_at.is_(None),
                models.FormRecord.created_at < cutoff).limit(BATCH)).all()
            for f in old_forms:
                f.applicant, f.contact = dict(PLACEHOLDER), None
                f.personal_data_removed_at = now
            if due or old_forms:
                audit.record(s, office_id, None, audit.PERSONAL_DATA_REMOVED, None,
                             dossiers=len(due), forms=len(old_forms),
                             closed_before=cutoff.date().isoformat())
            dossiers, forms = dossiers + len(due), forms + len(old_forms)
        if len(due) < BATCH and len(old_forms) < BATCH:
            break
    total = dossiers + forms
    if total:
        log.info("retention: office %s cleared personal data of %d dossiers and %d forms "
                 "closed before %s", office_id, dossiers, forms, cutoff.date())
    return total


def cutoff_day(years: int, today: date) -> date:
    return years_before(datetime(today.year, today.month, today.day, tzinfo=UTC), years).date()
