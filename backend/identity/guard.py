"""Keeps `/identity/verify` from becoming an oracle, and remembers what the backend itself
verified so a dossier records that, not the counter's claim (issue 12, items 7 and 8).

A mismatch names its fields (the clerk must see which one is mistyped), so someone could
recover a citizen's date of birth by trying dates one by one. Two limits stop that, both
counted from the audit log (so they hold across restarts and across backend instances):
- per ID number: PER_ID_PER_DAY checks a day in one office; the number is never stored,
  only an HMAC of it under a key that stays in the database (`server_keys`);
- per clerk: PER_USER_PER_HOUR checks in any sliding hour.
Every check is an audit row (`identity.checked`) with the outcome and that HMAC.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend import audit, models
from backend.identity.base import VerifyRequest, VerifyResult
from counter_app.domain.calendar import OFFICE_TZ

PER_ID_PER_DAY = 10
PER_USER_PER_HOUR = 60
KEY_NAME = "identity-subject-v1"

TOO_MANY_FOR_ID = ("Số định danh này đã được kiểm tra {n} lần hôm nay tại cơ quan. Để bảo vệ "
                   "thông tin công dân, hãy kiểm tra lại vào ngày mai hoặc đối chiếu trực "
                   "tiếp với thẻ CCCD.")
TOO_MANY_FOR_USER = ("Tài khoản đã kiểm tra {n} lần trong một giờ. Để bảo vệ thông tin công "
                     "dân, hãy chờ {minutes} phút rồi kiểm tra tiếp.")


@dataclass(frozen=True)
class Refused(Exception):
    message: str
    retry_after: int  # seconds


def _key(s: Session) -> bytes:
    if not keyed(s):  # made by migration 0008; only a hand-made database lacks it
        try:
            with s.begin_nested():
                s.add(models.ServerKey(name=KEY_NAME, value=secrets.token_hex(32)))
        except IntegrityError:
            pass
        assert keyed(s)
    return s.info[KEY_NAME]


def keyed(s: Session) -> bool:
    """Whether the key exists (a read: only a hand-made database lacks it). Kept for the
    session once read: one dossier asks for it three times. Not for longer: a restore
    may bring another database's key under a running server (backend/backup.py)."""
    if KEY_NAME not in s.info:
        value = s.execute(_KEY, {"name": KEY_NAME}).scalar()
        if value is None:
            return False
        s.info[KEY_NAME] = bytes.fromhex(value)
    return True


_KEY = select(models.ServerKey.value).where(models.ServerKey.name == bindparam("name"))


def _mac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def subject(s: Session, id_number: str) -> str:
    """What the audit log keeps instead of the ID number (fits its `code` column)."""
    return "id:" + _mac(_key(s), id_number.strip())[:40]


def claim(s: Session, req: VerifyRequest) -> str:
    """The whole claim (number, name, date of birth, sex), to find this exact check again."""
    name = unicodedata.normalize("NFC", " ".join(req.full_name.split())).casefold()
    text = "|".join((req.id_number.strip(), name, req.date_of_birth.isoformat(), req.sex))
    return _mac(_key(s), "claim|" + text)[:32]


def _day_start(now: datetime) -> datetime:
    return datetime.combine(now.astimezone(OFFICE_TZ).date(), time(0),
                            tzinfo=OFFICE_TZ).astimezone(UTC)


def _checks(office_id: int):
    return select(func.count(), func.min(models.AuditEntry.at)).where(
        models.AuditEntry.office_id == office_id,
        models.AuditEntry.action == audit.IDENTITY_CHECKED)


def admit(s: Session, user: models.User, req: VerifyRequest, now: datetime) -> None:
    """Raises Refused when this check would go over a limit."""
    n, _ = s.execute(_checks(user.office_id).where(
        models.AuditEntry.code == subject(s, req.id_number),
        models.AuditEntry.at >= _day_start(now))).one()
    if n >= PER_ID_PER_DAY:
        tomorrow = _day_start(now) + timedelta(days=1)
        raise Refused(TOO_MANY_FOR_ID.format(n=n), int((tomorrow - now).total_seconds()) + 1)
    n, oldest = s.execute(_checks(user.office_id).where(
        models.AuditEntry.user_id == user.id,
        models.AuditEntry.at > now - timedelta(hours=1))).one()
    if n >= PER_USER_PER_HOUR:
        wait = int((oldest + timedelta(hours=1) - now).total_seconds()) + 1
        raise Refused(TOO_MANY_FOR_USER.format(n=n, minutes=max(1, (wait + 59) // 60)),
                      max(1, wait))


def record(s: Session, user: models.User, req: VerifyRequest, r: VerifyResult) -> None:
    audit.record(s, user.office_id, user, audit.IDENTITY_CHECKED, subject(s, req.id_number),
                 outcome=r.outcome, provider=r.provider, claim=claim(s, req),
                 fields=list(r.mismatched_fields))


# The detail alone (the whole row would join its user and office), built once: every
# dossier asks (issue 16).
_OWN = select(models.AuditEntry.detail).where(
    models.AuditEntry.office_id == bindparam("office_id"),
    models.AuditEntry.action == audit.IDENTITY_CHECKED,
    models.AuditEntry.code == bindparam("subject"),
    models.AuditEntry.at >= bindparam("since", type_=models.AuditEntry.at.type),
).order_by(models.AuditEntry.id.desc())


def own_outcome(s: Session, office_id: int, req: VerifyRequest, now: datetime) -> str | None:
    """The outcome this backend answered today for exactly this claim, if it checked it."""
    digest = claim(s, req)
    details = s.execute(_OWN, {"office_id": office_id, "subject": subject(s, req.id_number),
                               "since": _day_start(now)}).scalars().all()
    for detail in details:
        if (detail or {}).get("claim") == digest and detail.get("outcome") != "unavailable":
            return str(detail["outcome"])
    return None
