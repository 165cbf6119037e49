"""What an identity check is, independent of who answers it (local registry or gateway)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from backend import clock

MESSAGES = {
    "matched": "Thông tin khớp với Cơ sở dữ liệu quốc gia về dân cư.",
    "mismatched": "Thông tin không khớp với Cơ sở dữ liệu quốc gia về dân cư: {fields}.",
    "not_found": "Không tìm thấy số định danh này trong Cơ sở dữ liệu quốc gia về dân cư.",
    "unavailable": "Chưa kiểm tra được với Cơ sở dữ liệu quốc gia về dân cư "
    "(hệ thống không phản hồi). Có thể tiếp nhận và kiểm tra lại sau.",
}
FIELD_LABELS = {"full_name": "họ và tên", "date_of_birth": "ngày sinh", "sex": "giới tính"}


@dataclass(frozen=True, repr=False)
class VerifyRequest:
    id_number: str
    full_name: str
    date_of_birth: date
    sex: str

    def __repr__(self) -> str:
        from counter_app.domain.privacy import mask_id_number, mask_name

        return f"VerifyRequest({mask_id_number(self.id_number)}, {mask_name(self.full_name)})"


@dataclass(frozen=True)
class VerifyResult:
    outcome: str  # matched | mismatched | not_found | unavailable
    provider: str
    mismatched_fields: tuple[str, ...] = ()
    assurance_level: int | None = None
    message: str = ""
    checked_at: datetime = field(default_factory=lambda: clock.utc_now())


def result(outcome: str, provider: str, *, fields: tuple[str, ...] = (),
           assurance_level: int | None = None, message: str | None = None) -> VerifyResult:
    if message is None:
        message = MESSAGES[outcome].format(fields=", ".join(FIELD_LABELS[f] for f in fields))
    return VerifyResult(outcome, provider, fields, assurance_level, message)


class IdentityProvider(Protocol):
    name: str

    def verify(self, request: VerifyRequest) -> VerifyResult: ...


_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """NFC, case-insensitive, whitespace collapsed: how two spellings of a name compare."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip().casefold()


def compare(request: VerifyRequest, full_name: str, date_of_birth: date, sex: str) -> tuple[str, ...]:
    """Names of the fields where the card and the record disagree, in contract order."""
    fields = []
    if normalize_name(request.full_name) != normalize_name(full_name):
        fields.append("full_name")
    if request.date_of_birth != date_of_birth:
        fields.append("date_of_birth")
    if unicodedata.normalize("NFC", request.sex) != unicodedata.normalize("NFC", sex):
        fields.append("sex")
    return tuple(fields)
