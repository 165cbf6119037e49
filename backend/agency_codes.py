"""Which agency e-ID a new dossier carries on a given day (issue 15 item 7).

An agency code with no row in `agency_codes` is valid every day. A closed one (valid_to
before the day) hands over to its successor, following a short chain; a closed code with
no successor refuses the dossier with a message for the admin, and nothing is numbered.
Parsing and lookup never consult this table: old codes stay valid identifiers for ever.
"""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from backend import models
from backend.errors import DomainError
from counter_app.domain.dossier_code import DossierCodeError, validate_agency_code

log = logging.getLogger(__name__)
MAX_HOPS = 5


# Columns, not the row, with the statement built once: every dossier asks (issue 16).
_VALIDITY = select(models.AgencyCode.valid_from, models.AgencyCode.valid_to,
                   models.AgencyCode.successor).where(models.AgencyCode.code == bindparam("code"))


def code_for_day(s: Session, code: str, day: date) -> str:
    current = code
    for _ in range(MAX_HOPS):
        row = s.execute(_VALIDITY, {"code": current}).first()
        if row is None or row.valid_to is None or day <= row.valid_to:
            if row is not None and row.valid_from is not None and day < row.valid_from:
                raise DomainError(409, "agency_code_not_yet_valid",
                                  f"Mã định danh cơ quan {current} chỉ có hiệu lực từ ngày "
                                  f"{row.valid_from:%d/%m/%Y}. Quản trị viên kiểm tra lại "
                                  "mã cơ quan hoặc ngày hiệu lực.")
            if current != code:
                log.info("agency code %s closed; dossier numbered under %s", code, current)
            return current
        if not row.successor:
            raise DomainError(409, "agency_code_closed",
                              f"Mã định danh cơ quan {current} đã hết hiệu lực từ ngày "
                              f"{row.valid_to:%d/%m/%Y} (sắp xếp đơn vị hành chính). Quản trị "
                              "viên khai báo mã thay thế trước khi tiếp nhận hồ sơ mới.")
        current = row.successor
    raise DomainError(409, "agency_code_loop",
                      f"Chuỗi mã thay thế của cơ quan {code} quá dài hoặc quay vòng; quản "
                      "trị viên kiểm tra lại danh sách mã định danh cơ quan.")


def upsert(s: Session, code: str, name: str = "", valid_from: date | None = None,
           valid_to: date | None = None, successor: str | None = None) -> models.AgencyCode:
    """Add or change one agency code; DomainError 422 for a malformed code or dates."""
    try:
        code = validate_agency_code(code)
        successor = validate_agency_code(successor) if successor else None
    except DossierCodeError as exc:
        raise DomainError(422, "agency_code_invalid", str(exc)) from None
    if valid_from and valid_to and valid_to < valid_from:
        raise DomainError(422, "agency_dates_invalid",
                          "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
    if successor == code:
        raise DomainError(422, "agency_successor_self", "Mã thay thế phải khác mã bị đóng.")
    row = s.get(models.AgencyCode, code) or models.AgencyCode(code=code, name="")
    row.name = name or row.name
    row.valid_from, row.valid_to, row.successor = (valid_from or row.valid_from, valid_to,
                                                   successor)
    s.add(row)
    return row


def listed(s: Session) -> list[models.AgencyCode]:
    return list(s.scalars(select(models.AgencyCode).order_by(models.AgencyCode.code)))
