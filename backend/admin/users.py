"""Accounts: people (clerk, supervisor, admin) and devices (kiosk, display)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import audit, models, passwords, schemas
from backend import schemas_queue as sq
from backend.admin.office import the_office
from backend.deps import ALL_ROLES
from backend.errors import DomainError
from backend.queue.ordering import now_utc
from backend.security import hash_password


def find(s: Session, office_id: int, username: str) -> models.User:
    u = s.scalar(select(models.User).where(models.User.office_id == office_id,
                                           models.User.username == username))
    if u is None:
        raise DomainError(404, "user_unknown", f"Không có tài khoản {username!r}.")
    return u


def view(u: models.User, office_code: str) -> schemas.UserAccount:
    return schemas.UserAccount(username=u.username, full_name=u.full_name, role=u.role,
                               office_code=office_code, counter_no=u.counter_no,
                               active=u.active, totp=bool(u.totp_secret))


def listing(s: Session, office_id: int | None = None) -> list[schemas.UserAccount]:
    office = the_office(s, office_id)
    rows = s.scalars(select(models.User).where(models.User.office_id == office.id)
                     .order_by(models.User.username)).all()
    return [view(u, office.code) for u in rows]


def _check_counter(s: Session, office_id: int, no: int | None) -> None:
    if no is not None and s.scalar(select(models.Counter.id).where(
            models.Counter.office_id == office_id, models.Counter.number == no)) is None:
        raise DomainError(422, "counter_unknown", f"Không có quầy số {no}.")


def _check_password(pw: str, username: str) -> str:
    reason = passwords.problem(pw, username)
    if reason is not None:
        raise DomainError(422, "password_weak", reason)
    return hash_password(pw)


def add(s: Session, body: sq.UserCreate,
        acting: models.User | None = None) -> schemas.UserAccount:
    office = the_office(s, acting and acting.office_id)
    if s.scalar(select(models.User.id).where(models.User.username == body.username)):
        raise DomainError(409, "user_exists", f"Đã có tài khoản {body.username}.")
    _check_counter(s, office.id, body.counter_no)
    u = models.User(office_id=office.id, username=body.username,
                    full_name=body.full_name.strip(), role=body.role,
                    password_hash=_check_password(body.password, body.username),
                    counter_no=body.counter_no,
                    active=body.active)
    s.add(u)
    s.flush()
    audit.record(s, office.id, acting, audit.USER_CREATED, u.username, role=u.role,
                 counter_no=u.counter_no, active=u.active)
    return view(u, office.code)


def update(s: Session, username: str, changes: dict[str, Any],
           acting: models.User | None = None) -> schemas.UserAccount:
    office = the_office(s, acting and acting.office_id)
    u = find(s, office.id, username)
    for key, value in changes.items():
        if key == "password":
            u.password_hash = _check_password(value, u.username)
            _revoke(s, u.id)  # a reset password ends the sessions opened with the old one
        elif key == "role":
            if value not in ALL_ROLES:
                raise DomainError(422, "role_invalid",
                                  f"Vai trò phải là một trong: {', '.join(ALL_ROLES)}.")
            if acting is not None and acting.id == u.id and value != "admin":
                raise DomainError(409, "own_admin_role",
                                  "Không thể tự bỏ quyền quản trị của chính mình.")
            u.role = value
        elif key == "active":
            if acting is not None and acting.id == u.id and not value:
                raise DomainError(409, "own_account_lock",
                                  "Không thể tự khóa tài khoản đang dùng.")
            u.active = bool(value)
        elif key == "counter_no":
            _check_counter(s, office.id, value)
            u.counter_no = value
        elif key == "totp" and not value:  # the command line's way back in (a lost phone)
            u.totp_secret, u.totp_last_step = None, None
        elif key == "full_name":
            if not str(value).strip():
                raise DomainError(422, "full_name_empty", "Họ tên không được để trống.")
            u.full_name = str(value).strip()
        else:
            raise DomainError(422, "user_field_unknown", f"Không sửa được {key!r} của tài khoản.")
    # Which fields changed, and the new role/active/counter; never the password.
    shown = {k: changes[k] for k in ("role", "active", "counter_no") if k in changes}
    audit.record(s, office.id, acting, audit.USER_CHANGED, u.username,
                 fields=sorted(changes), **shown)
    s.flush()
    return view(u, office.code)


def _revoke(s: Session, user_id: int) -> None:
    for t in s.scalars(select(models.AuthToken).where(models.AuthToken.user_id == user_id,
                                                      models.AuthToken.revoked_at.is_(None))):
        t.revoked_at = now_utc()
