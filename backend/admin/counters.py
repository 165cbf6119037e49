"""Counters: number, name, the services each one calls, state."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import models
from backend import schemas_queue as sq
from backend.admin.office import changed, the_office
from backend.errors import DomainError
from backend.queue import views
from backend.queue.writes import QueueWriter

STATES = ("open", "paused", "closed")


def find(s: Session, office_id: int, no: int) -> models.Counter:
    c = s.scalar(select(models.Counter).where(models.Counter.office_id == office_id,
                                              models.Counter.number == no))
    if c is None:
        raise DomainError(404, "counter_unknown", f"Không có quầy số {no}.")
    return c


def _services(s: Session, office_id: int, codes: list[str]) -> list[models.Service]:
    rows = s.scalars(select(models.Service).where(models.Service.office_id == office_id,
                                                  models.Service.code.in_(codes))).all()
    missing = sorted(set(codes) - {r.code for r in rows})
    if missing:
        raise DomainError(422, "service_unknown", f"Không có dịch vụ mã {', '.join(missing)}.")
    return sorted(rows, key=lambda r: r.prefix)


def _view(s: Session, office_id: int, no: int) -> sq.Counter:
    return next(c for c in views.counters(s, office_id) if c.no == no)


def listing(s: Session, office_id: int | None = None) -> list[sq.Counter]:
    return views.counters(s, the_office(s, office_id).id)


def _apply(s: Session, c: models.Counter, office_id: int, changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if key == "service_codes":
            c.services = _services(s, office_id, list(value))
        elif key == "state":
            if value not in STATES:
                raise DomainError(422, "counter_state_invalid",
                                  f"Trạng thái quầy phải là {', '.join(STATES)}.")
            c.state = value
            if value != "paused":
                c.pause_reason = None
        elif key == "name":
            if not str(value).strip():
                raise DomainError(422, "counter_name_empty", "Tên quầy không được để trống.")
            c.name = str(value).strip()
        else:
            raise DomainError(422, "counter_field_unknown", f"Không sửa được {key!r} của quầy. "
                                                            "Sửa được: name, service_codes, state.")


def add(qw: QueueWriter, body: sq.CounterCreate, user: models.User | None = None) -> sq.Counter:
    with qw.db.read() as s:
        office_id = the_office(s, user and user.office_id).id
    with qw.write(office_id) as s:
        if s.scalar(select(models.Counter.id).where(models.Counter.office_id == office_id,
                                                    models.Counter.number == body.no)):
            raise DomainError(409, "counter_exists", f"Đã có quầy số {body.no}.")
        c = models.Counter(office_id=office_id, number=body.no,
                           name=body.name or f"Quầy số {body.no}", state="open")
        s.add(c)
        _apply(s, c, office_id, {"service_codes": body.service_codes, "state": body.state})
        s.flush()
        changed(s, office_id, user)
        return _view(s, office_id, body.no)


def update(qw: QueueWriter, no: int, changes: dict[str, Any],
           user: models.User | None = None) -> sq.Counter:
    with qw.db.read() as s:
        office_id = the_office(s, user and user.office_id).id
    with qw.write(office_id) as s:
        c = find(s, office_id, no)
        _apply(s, c, office_id, changes)
        s.flush()
        changed(s, office_id, user)
        return _view(s, office_id, no)
