"""Leases: blocks of one day's ledger numbers handed to a counter in advance, so that a
receipt printed while the backend is unreachable already carries its final dossier code.

The block comes from the same per-agency-day row as online codes (`reserve_block`, one
upsert in the write transaction), so online and leased numbers never overlap. Numbers a
counter never uses stay gaps; the ledger of a past day lists them.
"""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend import audit, clock, models
from backend import schemas_offline as so
from backend.calendars import CalendarStore
from backend.database_id import database_id
from backend.db import Database
from backend.dossiers.receive import fingerprint
from backend.errors import DomainError
from backend.sequences import reserve_block
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.dossier_code import MAX_SEQ, format_dossier_code

log = logging.getLogger(__name__)

KEY_REUSED = ("Mã chống gửi trùng (Idempotency-Key) này đã được dùng để xin cấp trước số hồ "
              "sơ với nội dung khác. Hãy gửi lại với mã mới.")


def _existing(s: Session, office_id: int, key: str) -> models.DossierLease | None:
    return s.scalar(select(models.DossierLease).where(
        models.DossierLease.office_id == office_id,
        models.DossierLease.idempotency_key == key))


def _replay(found: models.DossierLease, digest: str) -> models.DossierLease:
    if found.request_hash != digest:
        raise DomainError(409, "idempotency_key_reused", KEY_REUSED)
    return found


def used_numbers(s: Session, lease_ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {i: [] for i in lease_ids}
    if lease_ids:
        rows = s.execute(select(models.Dossier.lease_id, models.Dossier.ledger_no).where(
            models.Dossier.lease_id.in_(lease_ids)).order_by(models.Dossier.ledger_no))
        for lease_id, no in rows:
            if lease_id is not None:  # the query selects leased dossiers only
                out[lease_id].append(no)
    return out


def view(lease: models.DossierLease, used: list[int], db_id: str) -> so.Lease:
    return so.Lease(id=lease.id, day=lease.day, agency_code=lease.agency_code,
                    first=lease.first, last=lease.last, used=used, expires_day=lease.day,
                    database_id=db_id)


def _check_day(calendars: CalendarStore, s: Session, office_id: int, day: date,
               today: date) -> None:
    following = calendars.for_office(s, office_id).next_working_day(today)
    if day not in (today, following):
        raise DomainError(422, "lease_day_invalid",
                          f"Chỉ cấp trước số hồ sơ cho hôm nay ({today:%d/%m/%Y}) hoặc "
                          f"ngày làm việc kế tiếp ({following:%d/%m/%Y}).")


# Numbers one account may hold unused for one day by default (Settings.lease_cap): a
# counter's day offline (a busy counter receives 60-80 dossiers a day), not the office's
# whole daily sequence (MAX_SEQ), so one counter can never stop the others.
MAX_UNUSED_PER_DAY = 150


def _unused_held(s: Session, user: models.User, day: date) -> int:
    leases = s.scalars(select(models.DossierLease).where(
        models.DossierLease.user_id == user.id, models.DossierLease.day == day)).all()
    used = used_numbers(s, [x.id for x in leases])
    return sum(x.last - x.first + 1 - len(used[x.id]) for x in leases)


def create(db: Database, calendars: CalendarStore, user: models.User, body: so.LeaseCreate,
           key: str, cap: int = MAX_UNUSED_PER_DAY) -> tuple[so.Lease, bool]:
    """(lease, created). The same key with the same body answers the first lease again."""
    digest = fingerprint(body.model_dump(mode="json"))
    office = user.office
    db_id = database_id(db)
    try:
        with db.write() as s:
            found = _existing(s, office.id, key)
            if found is not None:
                lease = _replay(found, digest)
                return view(lease, used_numbers(s, [lease.id])[lease.id], db_id), False
            now = clock.utc_now_s()
            _check_day(calendars, s, office.id, body.day, now.astimezone(OFFICE_TZ).date())
            unused = _unused_held(s, user, body.day)
            if unused + body.size > cap:
                log.warning("lease refused for %s: %d numbers unused, %d asked (cap %d)",
                            user.username, unused, body.size, cap)
                raise DomainError(429, "lease_too_many_unused",
                                  f"Quầy đang giữ {unused} số hồ sơ chưa dùng cho ngày "
                                  f"{body.day:%d/%m/%Y}; mỗi quầy giữ tối đa "
                                  f"{cap} số. Dùng bớt rồi xin thêm.")
            first, last = reserve_block(s, office.agency_code, body.day, body.size)
            if last > MAX_SEQ:  # raising rolls the sequence back: nothing is lost
                raise DomainError(503, "ledger_exhausted",
                                  f"Không còn đủ {body.size} số hồ sơ trong ngày "
                                  f"{body.day:%d/%m/%Y} để cấp trước.")
            lease = models.DossierLease(
                office_id=office.id, user_id=user.id, agency_code=office.agency_code,
                day=body.day, first=first, last=last, issued_at=now, idempotency_key=key,
                request_hash=digest)
            s.add(lease)
            s.flush()
            audit.record(s, office.id, user, audit.LEASE_CREATED, f"lease-{lease.id}",
                         day=body.day.isoformat(), first=first, last=last)
    except IntegrityError:
        # One key raced on PostgreSQL: the loser rolled back, numbers included.
        with db.read() as s:
            found = _existing(s, office.id, key)
            if found is None:
                raise
            lease = _replay(found, digest)
            return view(lease, used_numbers(s, [lease.id])[lease.id], db_id), False
    log.info("lease %s: numbers %d-%d of %s for %s", lease.id, first, last, body.day,
             user.username)
    return view(lease, [], db_id), True


def held(db: Database, user: models.User, day: date) -> list[so.Lease]:
    with db.read() as s:
        leases = s.scalars(select(models.DossierLease).where(
            models.DossierLease.user_id == user.id,
            models.DossierLease.office_id == user.office_id,
            models.DossierLease.day == day).order_by(models.DossierLease.id)).all()
        used = used_numbers(s, [x.id for x in leases])
    db_id = database_id(db)
    return [view(x, used[x.id], db_id) for x in leases]


def unused_numbers(s: Session, office_id: int, day: date) -> list[tuple[int, str]]:
    """(number, dossier code) leased for the day that no dossier took: gaps in the book."""
    leases = s.scalars(select(models.DossierLease).where(
        models.DossierLease.office_id == office_id, models.DossierLease.day == day)).all()
    used = used_numbers(s, [x.id for x in leases])
    taken = {n for x in leases for n in used[x.id]}
    return sorted((n, format_dossier_code(x.agency_code, day, n)) for x in leases
                  for n in range(x.first, x.last + 1) if n not in taken)
