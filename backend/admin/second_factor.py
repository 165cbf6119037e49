"""Admin accounts' second sign-in factor (TOTP): an admin turns it on or off for their own
account or another admin's. Turning it on needs one code from the phone, so a secret that
never reached the phone cannot lock the account out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from backend import audit, models, schemas, totp
from backend.admin.office import the_office
from backend.admin.users import find, view
from backend.errors import DomainError

TOTP_ON = "user.totp_on"
TOTP_OFF = "user.totp_off"


def _admin_account(s: Session, username: str, acting: models.User) -> models.User:
    u = find(s, the_office(s, acting.office_id).id, username)
    if u.role != "admin":
        raise DomainError(409, "totp_admin_only",
                          "Chỉ tài khoản quản trị mới bật xác thực 2 bước.")
    return u


def new_secret(s: Session, username: str, acting: models.User) -> dict[str, str]:
    """A fresh secret and its otpauth:// link; nothing is stored until a code proves it."""
    u = _admin_account(s, username, acting)
    secret = totp.new_secret()
    return {"secret": secret, "link": totp.link(secret, u.username)}


def turn_on(s: Session, username: str, secret: str, code: str, now: datetime,
            acting: models.User) -> schemas.UserAccount:
    u = _admin_account(s, username, acting)
    secret = "".join(secret.split()).upper()
    if not totp.valid_secret(secret):
        raise DomainError(422, "totp_secret_invalid", "Mã bí mật không hợp lệ; hãy tạo mã mới.")
    step = totp.matching_step(secret, code, now)
    if step is None:
        raise DomainError(422, "totp_code_wrong",
                          "Mã 6 số không đúng; kiểm tra giờ trên điện thoại rồi thử lại.")
    u.totp_secret, u.totp_last_step = secret, step
    audit.record(s, u.office_id, acting, TOTP_ON, u.username)
    return view(u, u.office.code)


def turn_off(s: Session, username: str, acting: models.User) -> schemas.UserAccount:
    u = _admin_account(s, username, acting)
    u.totp_secret, u.totp_last_step = None, None
    audit.record(s, u.office_id, acting, TOTP_OFF, u.username)
    return view(u, u.office.code)
