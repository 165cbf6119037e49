"""Dossier codes (mã hồ sơ): `<agency code>-<YYMMDD>-<NNNN>`, e.g. `000.17.22.H56-210531-0001`.

Agency code rule (QCVN 102:2016 style identifiers such as `000.00.17.H01`,
`000.17.22.H56`, `H56.22`), chosen to be lenient about what a segment looks like:
    * surrounding whitespace is dropped and letters are upper-cased;
    * 2 to 6 segments separated by single dots, each 2-3 characters from A-Z and 0-9
      (so no empty segment, no space, no '-' which separates the parts of a dossier code);
    * at least one digit somewhere, which real codes always have and which rejects
      letter-only garbage such as "abc.def".
The date is the receipt date (2000-2099, since the year has two digits); the sequence is
1-9999 and restarts every day per agency. Sequences are predictable: a code alone must
never unlock personal data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MAX_SEQ = 9999
_AGENCY = re.compile(r"[A-Z0-9]{2,3}(?:\.[A-Z0-9]{2,3}){1,5}")
_CODE = re.compile(r"(?P<agency>[^-]+)-(?P<day>[0-9]{6})-(?P<seq>[0-9]{4})")


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

    def __str__(self) -> str:
        return format_dossier_code(self.agency_code, self.day, self.seq)


def validate_agency_code(code: str) -> str:
    """Return the agency code upper-cased and trimmed, or raise DossierCodeError."""
    normalised = code.strip()
    normalised = normalised.upper() if normalised.isascii() else normalised
    if not _AGENCY.fullmatch(normalised) or not any(c.isdigit() for c in normalised):
        raise DossierCodeError(
            f"Mã định danh cơ quan {code.strip()[:40]!r} không hợp lệ: cần 2-6 nhóm 2-3 ký tự "
            "chữ/số, ngăn cách bởi dấu chấm, có ít nhất một chữ số (ví dụ 000.17.22.H56)",
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
            f"Mã hồ sơ {text[:60]!r} không đúng dạng <mã cơ quan>-<YYMMDD>-<NNNN>",
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
    seq = int(match["seq"])
    _check_seq(seq)
    return DossierCode(agency_code=agency, day=day, seq=seq)
