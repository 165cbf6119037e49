"""Rules of the 12-digit personal ID number (số định danh cá nhân) and its errors.

Digits 1-3: province where the birth was registered, or the country code of a birth
registered abroad (an unknown prefix is a warning, never a rejection); digit 4: century and sex
(0/1 = 1900s male/female, 2/3 = 2000s, ... 8/9 = 2300s); digits 5-6: last two digits of
the birth year; digits 7-12: random. This lets the counter catch a mistyped or misread
number against the card's DOB and sex before any network call.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TypedDict

from counter_app.domain.privacy import scrub
from counter_app.domain.provinces import PROVINCES

MALE = "Nam"
FEMALE = "Nữ"

_ID12 = re.compile(r"[0-9]{12}")
_SPACES = re.compile(r"\s+")
_FIRST_CENTURY = 1900
_LAST_CENTURY = 2300


class CccdError(ValueError):
    """A CCCD payload or ID number that cannot be accepted.

    `code` is machine-readable ("empty", "field_count", "id_format", "province",
    "century_sex", "birth_year", "dob", "issue_date", "sex", "address"); `field` names the
    CccdCard attribute the UI should highlight, or None for the payload as a whole.
    The message is scrubbed of 9-12 digit runs because it may end up in a log.
    """

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        super().__init__(scrub(message))
        self.code = code
        self.field = field

    @property
    def message(self) -> str:
        return str(self.args[0])


class IdNumberInfo(TypedDict):
    province_code: str
    province: str
    century: int
    sex: str
    year_pair: str


def show(value: str, limit: int = 24) -> str:
    """Quote a raw value for an error message: scrubbed and truncated, never the full ID."""
    value = scrub(value)
    return repr(value if len(value) <= limit else value[:limit] + "…")


def normalize_sex(value: str) -> str:
    """"Nam"/"Nữ" whatever the case; the ASCII spelling "Nu" (no diacritics) means "Nữ"."""
    key = value.strip().casefold()
    if key == "nam":
        return MALE
    if key in ("nữ", "nu"):
        return FEMALE
    raise CccdError(
        f"Giới tính phải là 'Nam' hoặc 'Nữ', nhận được {show(value)}", code="sex", field="sex"
    )


def century_sex_digit(year: int, sex: str) -> int | None:
    """Digit 4 for a birth year and sex, or None when the year cannot be encoded."""
    if not _FIRST_CENTURY <= year < _LAST_CENTURY + 100:
        return None
    return (year // 100 - 19) * 2 + (0 if sex == MALE else 1)


def _check_format(id_number: str, field: str) -> str:
    number = _SPACES.sub("", id_number)
    if not _ID12.fullmatch(number):
        raise CccdError(
            f"Số định danh phải có đúng 12 chữ số (nhận được {len(number)} ký tự)",
            code="id_format",
            field=field,
        )
    return number


def prefix_warning(number: str) -> str | None:
    """Digits 1-3 outside the 63 province codes: a birth registered abroad carries a
    country code there. Said to the clerk, never a reason to refuse (issue 15)."""
    prefix = number[:3]
    if prefix in PROVINCES:
        return None
    return (f"Mã nơi đăng ký khai sinh {prefix} (3 chữ số đầu) không thuộc 63 tỉnh, thành "
            "phố: có thể đăng ký khai sinh ở nước ngoài. Kiểm tra lại giấy tờ.")


def check_against_person(
    number: str, date_of_birth: date | None, sex: str | None, *, field: str = "id_number"
) -> None:
    """Compare digits 4-6 of a well-formed number with the holder's birth year and sex."""
    digit = int(number[3])
    century = _FIRST_CENTURY + (digit // 2) * 100
    sex_ok = sex is None or digit % 2 == (0 if sex == MALE else 1)
    century_ok = date_of_birth is None or century <= date_of_birth.year < century + 100
    if not (sex_ok and century_ok):
        known: list[str] = []
        if date_of_birth is not None:
            known.append(f"năm sinh {date_of_birth.year}")
        if sex is not None:
            known.append(f"giới tính {sex}")
        message = f"Chữ số thế kỷ/giới tính ({digit}) không khớp {' và '.join(known)}"
        if date_of_birth is not None and sex is not None:
            expected = century_sex_digit(date_of_birth.year, sex)
            message += (
                f" (phải là {expected})" if expected is not None
                else " (năm sinh nằm ngoài khoảng 1900-2399)"
            )
        raise CccdError(message, code="century_sex", field=field)
    if date_of_birth is not None and number[4:6] != f"{date_of_birth.year % 100:02d}":
        raise CccdError(
            f"Hai chữ số năm sinh trong số định danh ({number[4:6]}) "
            f"không khớp năm sinh {date_of_birth.year}",
            code="birth_year",
            field=field,
        )


def validate_id_number(
    id_number: str, date_of_birth: date | None = None, sex: str | None = None
) -> str:
    """Check a number typed by hand; return it as 12 digits without spaces.

    Checks the format and province; with DOB and/or sex also the century/sex digit and the
    year pair. Raises CccdError.
    """
    number = _check_format(id_number, "id_number")
    check_against_person(
        number, date_of_birth, normalize_sex(sex) if sex is not None else None
    )
    return number


def describe_id_number(id_number: str) -> IdNumberInfo:
    """What digits 1-6 say: province, century of birth, sex and the birth-year pair."""
    number = _check_format(id_number, "id_number")
    digit = int(number[3])
    return IdNumberInfo(
        province_code=number[:3],
        province=PROVINCES.get(number[:3], f"ngoài 63 tỉnh, thành phố (mã {number[:3]})"),
        century=_FIRST_CENTURY + (digit // 2) * 100,
        sex=MALE if digit % 2 == 0 else FEMALE,
        year_pair=number[4:6],
    )
