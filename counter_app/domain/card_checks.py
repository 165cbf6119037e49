"""What the clerk should know about a scanned card before taking the dossier: an ID prefix
outside the 63 provinces, an empty "Nơi cư trú", an expired card. Warnings, never
refusals: the clerk looks at the papers and decides (issue 15 item 8).

Card validity by age: a CCCD (Law 59/2014 art. 21) is changed at 25, 40 and 60; a card
issued within the 2 years before one of those ages is valid until the next one, and one
issued from 58 on does not expire. A "thẻ căn cước" issued from 01/7/2024 (Law 26/2023
art. 21) is also changed at 14, with the same 2-year rule; it prints its own expiry.
"""

from __future__ import annotations

from datetime import date

from counter_app.domain.cccd import CccdCard
from counter_app.domain.id_number import prefix_warning

NEW_LAW = date(2024, 7, 1)
GRACE_YEARS = 2


def _birthday(birth: date, age: int) -> date:
    year = birth.year + age
    try:
        return birth.replace(year=year)
    except ValueError:  # 29 February in a common year: the day after 28 February
        return date(year, 3, 1)


def card_expiry(birth: date, issued: date) -> date | None:
    """The day the card stops being valid, or None when it never expires."""
    ages = (14, 25, 40, 60) if issued >= NEW_LAW else (25, 40, 60)
    for age in ages:
        change = _birthday(birth, age)
        if issued < _birthday(birth, age - GRACE_YEARS):
            return change
    return None


def card_warnings(card: CccdCard, today: date) -> list[str]:
    out: list[str] = []
    prefix = prefix_warning(card.id_number)
    if prefix:
        out.append(prefix)
    if not card.address:
        out.append("Thẻ không ghi nơi cư trú: hỏi người nộp và nhập địa chỉ hiện tại.")
    expiry = card_expiry(card.date_of_birth, card.issue_date)
    if expiry is not None and today >= expiry:
        out.append(f"Thẻ đã hết hạn ngày {expiry:%d/%m/%Y}: đề nghị người nộp làm thủ tục "
                   "đổi thẻ; cán bộ quyết định có tiếp nhận hay không.")
    return out
