"""The citizen ID card (CCCD) QR payload: parse, check and format.

Layout (UTF-8, fields separated by "|"):
`ID12|oldID9|Full name|DOB ddmmyyyy|Nam or Nữ|Permanent address|Issue date ddmmyyyy`
followed on newer cards by further fields whose layout is unverified: they are kept as
text in `extra` (repaired, NFC, trimmed, otherwise uninterpreted) and never rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from counter_app.domain.clock import office_today
from counter_app.domain.id_number import (
    FEMALE,
    MALE,
    CccdError,
    IdNumberInfo,
    check_against_person,
    describe_id_number,
    normalize_sex,
    show,
    validate_id_number,
)
from counter_app.domain.privacy import mask_id_number, mask_name
from counter_app.domain.text_repair import clean_field, strip_payload_edges

__all__ = [
    "FEMALE",
    "MALE",
    "CccdCard",
    "CccdError",
    "IdNumberInfo",
    "describe_id_number",
    "format_cccd_qr",
    "parse_cccd_qr",
    "validate_id_number",
]

MIN_FIELDS = 7
_DATE8 = re.compile(r"[0-9]{8}")
_OLD_ID = re.compile(r"[0-9]{9}")


@dataclass(frozen=True, repr=False)
class CccdCard:
    id_number: str
    old_id_number: str | None
    full_name: str
    date_of_birth: date
    sex: str
    address: str
    issue_date: date
    extra: tuple[str, ...] = ()

    def __repr__(self) -> str:
        # Cards end up in logs, tracebacks and hypothesis reports: show only what tells
        # two cards apart for a clerk, never the person.
        return (
            f"CccdCard(id_number={mask_id_number(self.id_number)!r}, "
            f"full_name={mask_name(self.full_name)!r}, <other fields hidden>)"
        )


def _parse_date(raw: str, label: str, field: str, code: str) -> date:
    if not _DATE8.fullmatch(raw):
        raise CccdError(
            f"{label} phải có dạng ddmmyyyy (8 chữ số), nhận được {show(raw)}",
            code=code,
            field=field,
        )
    day, month, year = int(raw[:2]), int(raw[2:4]), int(raw[4:])
    try:
        return date(year, month, day)
    except ValueError:
        raise CccdError(
            f"{label} {raw[:2]}/{raw[2:4]}/{raw[4:]} không hợp lệ", code=code, field=field
        ) from None


def _not_future(value: date, today: date, label: str, field: str, code: str) -> None:
    if value > today:
        raise CccdError(
            f"{label} {value:%d/%m/%Y} ở tương lai (hôm nay {today:%d/%m/%Y})",
            code=code,
            field=field,
        )


def parse_cccd_qr(text: str, *, today: date | None = None) -> CccdCard:
    """Parse and check a scanned payload; raise CccdError saying what is wrong."""
    today = today or office_today()
    payload = strip_payload_edges(text)
    if not payload:
        raise CccdError("Mã QR rỗng", code="empty")
    raw = payload.split("|")
    if len(raw) < MIN_FIELDS:
        raise CccdError(
            f"Mã QR thiếu trường: cần ít nhất {MIN_FIELDS} trường, nhận được {len(raw)}",
            code="field_count",
        )
    id_raw, old_raw, name_raw, dob_raw, sex_raw, address_raw, issue_raw = raw[:MIN_FIELDS]

    id_number = validate_id_number(clean_field(id_raw))
    old_id = clean_field(old_raw).replace(" ", "") or None
    if old_id is not None and not _OLD_ID.fullmatch(old_id):
        raise CccdError(
            f"Số CMND cũ phải có đúng 9 chữ số (nhận được {len(old_id)} ký tự)",
            code="id_format",
            field="old_id_number",
        )
    full_name = clean_field(name_raw, collapse=True)
    if not full_name:
        raise CccdError("Họ và tên trống", code="empty", field="full_name")
    dob = _parse_date(clean_field(dob_raw), "Ngày sinh", "date_of_birth", "dob")
    _not_future(dob, today, "Ngày sinh", "date_of_birth", "dob")
    sex = normalize_sex(clean_field(sex_raw))
    # "Nơi cư trú" may be empty on the new cards, or name a commune abolished in 2025: the
    # clerk confirms the current address at the counter (card_checks.card_warnings).
    address = clean_field(address_raw, collapse=True)
    issue = _parse_date(clean_field(issue_raw), "Ngày cấp", "issue_date", "issue_date")
    _not_future(issue, today, "Ngày cấp", "issue_date", "issue_date")
    if issue < dob:
        raise CccdError("Ngày cấp trước ngày sinh", code="issue_date", field="issue_date")
    check_against_person(id_number, dob, sex)

    return CccdCard(
        id_number=id_number,
        old_id_number=old_id,
        full_name=full_name,
        date_of_birth=dob,
        sex=sex,
        address=address,
        issue_date=issue,
        extra=tuple(clean_field(f) for f in raw[MIN_FIELDS:]),
    )


def format_cccd_qr(card: CccdCard) -> str:
    """The payload a card's QR would carry; parse_cccd_qr(format_cccd_qr(c)) == c."""
    fields = [
        card.id_number,
        card.old_id_number or "",
        card.full_name,
        f"{card.date_of_birth:%d%m}{card.date_of_birth.year:04d}",
        card.sex,
        card.address,
        f"{card.issue_date:%d%m}{card.issue_date.year:04d}",
        *card.extra,
    ]
    return "|".join(fields)
