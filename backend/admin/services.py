"""Services: code, name, ticket prefix, number band, daily cap, active."""

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
from counter_app.domain.queue import QueueRuleError, validate_band, validate_prefix

EDITABLE = ("name", "prefix", "number_start", "number_end", "daily_cap", "active")


def find(s: Session, office_id: int, code: str) -> models.Service:
    svc = s.scalar(select(models.Service).where(models.Service.office_id == office_id,
                                                models.Service.code == code))
    if svc is None:
        raise DomainError(404, "service_unknown", f"Không có dịch vụ mã {code!r}.")
    return svc


def _validate(s: Session, svc: models.Service) -> None:
    try:
        svc.prefix = validate_prefix(svc.prefix)
        validate_band(svc.number_start, svc.number_end, svc.daily_cap)
    except QueueRuleError as exc:
        raise DomainError(422, "service_value_invalid", str(exc)) from None
    if not svc.name.strip():
        raise DomainError(422, "service_name_empty", "Tên dịch vụ không được để trống.")
    same = [models.Service.office_id == svc.office_id, models.Service.prefix == svc.prefix,
            models.Service.active]
    if svc.id is not None:
        same.append(models.Service.id != svc.id)
    clash = s.scalar(select(models.Service).where(*same))
    if clash is not None and svc.active:
        raise DomainError(409, "service_prefix_taken",
                          f"Ký hiệu {svc.prefix} đang dùng cho dịch vụ {clash.code}; "
                          "hai dịch vụ cùng ký hiệu sẽ in trùng số.")


def _view(s: Session, office_id: int, code: str) -> sq.Service:
    return next(v for v in views.services(s, office_id, only_active=False) if v.code == code)


def listing(s: Session, office_id: int | None = None) -> list[sq.Service]:
    return views.services(s, the_office(s, office_id).id, only_active=False)


def add(qw: QueueWriter, body: sq.ServiceCreate, user: models.User | None = None) -> sq.Service:
    with qw.db.read() as s:
        office_id = the_office(s, user and user.office_id).id
    with qw.write(office_id) as s:
        if s.scalar(select(models.Service.id).where(models.Service.office_id == office_id,
                                                    models.Service.code == body.code)):
            raise DomainError(409, "service_exists", f"Đã có dịch vụ mã {body.code}.")
        svc = models.Service(office_id=office_id, **body.model_dump())
        _validate(s, svc)
        s.add(svc)
        s.flush()
        changed(s, office_id, user)
        return _view(s, office_id, svc.code)


def update(qw: QueueWriter, code: str, changes: dict[str, Any],
           user: models.User | None = None) -> sq.Service:
    with qw.db.read() as s:
        office_id = the_office(s, user and user.office_id).id
    with qw.write(office_id) as s:
        svc = find(s, office_id, code)
        for key, value in changes.items():
            if key not in EDITABLE:
                raise DomainError(422, "service_field_unknown",
                                  f"Không sửa được {key!r} của dịch vụ. "
                                  f"Sửa được: {', '.join(EDITABLE)}.")
            setattr(svc, key, value)
        _validate(s, svc)
        s.flush()
        changed(s, office_id, user)
        return _view(s, office_id, code)
