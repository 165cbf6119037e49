"""A dossier numbered by the counter (a leased number; every counter receipt, online or
not, since the outbox comes first: counter_app/client/reception.py): its leased number,
its own receipt time and tracking token are checked here, and the eID check it could not
make is re-run. `waited_in_outbox` tells the ones really received while offline.
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import models
from backend.database_id import of_session
from backend.errors import DomainError
from backend.identity.base import IdentityProvider, VerifyRequest
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.dossier_code import format_dossier_code
from counter_app.domain.privacy import mask_id_number

log = logging.getLogger(__name__)
# Counter clocks drift: a receipt stamped a little "in the future", or a little before the
# lease it used was issued, is a clock difference, not a forgery.
SKEW = timedelta(minutes=2)
# The counter tries to send a receipt right after writing it to its outbox, with a
# receipt time on the backend's clock (counter_app/client/server_clock.py); one that
# arrives later than a slow first try could take waited in the outbox: the counter could
# not reach the backend when the clerk received it.
LATE = timedelta(minutes=1)
NO_LEASE = ("Không tìm thấy khối số hồ sơ cấp trước này trong tài khoản của bạn tại cơ quan "
            "này; không dùng được số của người khác hoặc quầy khác.")


OTHER_DATABASE = ("Số hồ sơ này được cấp trước bởi một máy chủ khác (cơ sở dữ liệu khác): máy "
                  "chủ này không nhận để không trùng số hồ sơ. Hồ sơ chờ máy chủ đã cấp số.")


def used_elsewhere(code: str) -> DomainError:
    return DomainError(409, "ledger_no_used", f"Số hồ sơ {code} đã được dùng cho hồ sơ khác.")


def claim(s: Session, office: models.Office, user: models.User, offline: dict[str, Any],
          now: datetime) -> tuple[models.DossierLease, str, datetime]:
    """(lease, code, received_at in UTC) or DomainError; nothing is written here."""
    granted_by = offline.get("database_id")
    if granted_by is not None and granted_by != of_session(s):
        log.warning("offline dossier on lease %s of database %s refused: not this database",
                    offline["lease_id"], granted_by)
        raise DomainError(409, "lease_other_database", OTHER_DATABASE)
    lease = s.get(models.DossierLease, offline["lease_id"])
    if lease is None or lease.office_id != office.id or lease.user_id != user.id:
        raise DomainError(409, "lease_unknown", NO_LEASE)
    no = offline["ledger_no"]
    if not lease.first <= no <= lease.last:
        raise DomainError(422, "ledger_no_outside_lease", f"Số {no} không thuộc khối số cấp trước "
                                                          f"{lease.first}–{lease.last}.")
    received_at = datetime.fromisoformat(offline["received_at"]).replace(microsecond=0)
    local_day = received_at.astimezone(OFFICE_TZ).date()
    if local_day != lease.day:
        raise DomainError(422, "lease_day_mismatch",
                          f"Hồ sơ nhận ngày {local_day:%d/%m/%Y} không dùng được số cấp "
                          f"trước cho ngày {lease.day:%d/%m/%Y}.")
    if received_at > now + SKEW:
        raise DomainError(422, "received_in_future",
                          "Thời điểm tiếp nhận ở tương lai; kiểm tra đồng hồ của máy "
                          "tại quầy.")
    if received_at < lease.issued_at - SKEW:
        raise DomainError(422, "received_before_lease",
                          "Thời điểm tiếp nhận trước lúc cấp khối số này; kiểm tra đồng "
                          "hồ của máy tại quầy.")
    code = format_dossier_code(lease.agency_code, lease.day, no)
    if s.scalar(select(models.Dossier.id).where(models.Dossier.code == code)) is not None:
        raise used_elsewhere(code)
    if s.scalar(select(models.Dossier.id).where(
            models.Dossier.tracking_token == offline["tracking_token"])) is not None:
        raise DomainError(409, "tracking_token_used",
                          "Mã theo dõi (QR) của biên nhận này đã được dùng cho hồ sơ "
                          "khác.")
    return lease, code, received_at


def waited_in_outbox(received_at: datetime, arrived_at: datetime) -> bool:
    return arrived_at - received_at > LATE


def verify_request(applicant: dict[str, Any]) -> VerifyRequest:
    return VerifyRequest(applicant["id_number"],
                         unicodedata.normalize("NFC", applicant["full_name"]),
                         date.fromisoformat(applicant["date_of_birth"]), applicant["sex"])


def recheck(provider: IdentityProvider, applicant: dict[str, Any]) -> str:
    """The eID outcome checked by the backend itself. Runs before the write transaction:
    a gateway may take seconds and must not hold the write lock."""
    req = verify_request(applicant)
    try:
        outcome = provider.verify(req).outcome
    except Exception:  # the dossier must not be lost because the check broke
        log.exception("identity re-check of %s failed", mask_id_number(req.id_number))
        outcome = "unavailable"
    log.info("identity re-check by the backend for %s: %s",
             mask_id_number(req.id_number), outcome)
    return outcome
