"""Dossier codes (mã hồ sơ), Circular 03/2025 art. 13 as amended by Circular 04/2025:

    ordinary:     <agency e-ID>-<YYMMDD>-<NNNN>     000.17.22.H56-210531-0001, H56-260105-12345
    centralised:  <agency e-ID>-<YYMMDD>-<AAXXXX>   G09-260105-011234 (national systems)

Agency e-ID (Decision 20/2020 style), lenient about what a group looks like:
    * surrounding whitespace is dropped and letters are upper-cased;
    * groups of A-Z and 0-9 joined by single dots, up to 35 characters in all; a level-1
      code may stand alone (`H56`, `G09`);
    * at least one digit somewhere, which real codes always have and which rejects
      letter-only garbage such as "abc.def".
The agency is the one that resolves the dossier, which may not be the receiving office's.
The date is the receipt date (2000-2099: two digits). The ordinary sequence restarts daily
per agency, has at least 4 digits and grows to 5 (10000-99999): a day never runs out at
9999. A 6-digit or longer last part is a centralised code: `AA`, 2 digits of the system
owner's e-ID, then its own sequence of at least 4 digits. Sequences are predictable: a code
alone must never unlock personal data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MAX_SEQ = 99_999  # 5 digits: a 6th would read as a centralised code
MAX_AGENCY = 35
_AGENCY = re.compile(r"[A-Z0-9]+(?:\.[A-Z0-9]+)*")
_CODE = re.compile(r"(?P<agency>[^-]+)-(?P<day>[0-9]{6})-(?P<seq>[0-9]{4,})")


class DossierCodeError(ValueError):
    """An agency code or dossier code that does not follow the rule; `code` says which part."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class DossierCode:
    agency_code: str
    day: date
    seq: int
    system: str | None = None  # centralised code: the system owner's 2 digits

    @property
    def centralised(self) -> bool:
        return self.system is not None

    def __str__(self) -> str:
        if self.system is not None:
            return f"{self.agency_code}-{self.day:%y%m%d}-{self.system}{self.seq:04d}"
        return format_dossier_code(self.agency_code, self.day, self.seq)


def validate_agency_code(code: str) -> str:
    """Return the agency code upper-cased and trimmed, or raise DossierCodeError."""
    normalised = code.strip()
    normalised = normalised.upper() if normalised.isascii() else normalised
    if (not _AGENCY.fullmatch(normalised) or len(normalised) > MAX_AGENCY
            or not any(c.isdigit() for c in normalised)):
        raise DossierCodeError(
            f"Mã định danh cơ quan {code.strip()[:40]!r} không hợp lệ: các nhóm chữ/số "
            f"ngăn cách bởi dấu chấm, tối đa {MAX_AGENCY} ký tự, có ít nhất một chữ số "
            "(ví dụ 000.17.22.H56 hoặc H56)",
            code="agency_code",
        )
    return normalised


def _check_seq(seq: object) -> None:  # object: callers may pass what JSON gave them
    if isinstance(seq, bool) or not isinstance(seq, int) or not 1 <= seq <= MAX_SEQ:
        raise DossierCodeError(
            f"Số thứ tự hồ sơ phải từ 1 đến {MAX_SEQ}, nhận được {seq!r}", code="seq"
        )


def format_dossier_code(agency_code: str, day: date, seq: int) -> str:
    agency = validate_agency_code(agency_code)
    if not 2000 <= day.year <= 2099:
        raise DossierCodeError(
            f"Ngày tiếp nhận {day:%d/%m/%Y} ngoài khoảng 2000-2099 (năm ghi 2 chữ số)",
            code="day",
        )
    _check_seq(seq)
    return f"{agency}-{day:%y%m%d}-{seq:04d}"


def parse_dossier_code(code: str) -> DossierCode:
    text = code.strip()
    match = _CODE.fullmatch(text)
    if match is None:
        raise DossierCodeError(
            f"Mã hồ sơ {text[:60]!r} không đúng dạng <mã cơ quan>-<YYMMDD>-<số thứ tự>",
            code="format",
        )
    agency = validate_agency_code(match["agency"])
    raw_day = match["day"]
    try:
        day = date(2000 + int(raw_day[:2]), int(raw_day[2:4]), int(raw_day[4:]))
    except ValueError:
        raise DossierCodeError(
            f"Ngày trong mã hồ sơ ({raw_day}) không phải ngày hợp lệ", code="day"
        ) from None
    digits = match["seq"]
    if len(digits) >= 6:  # AAXXXX: a nationally centralised system's own numbering
        return DossierCode(agency_code=agency, day=day, seq=int(digits[2:]),
                           system=digits[:2])
    seq = int(digits)
    _check_seq(seq)
    return DossierCode(agency_code=agency, day=day, seq=seq)
