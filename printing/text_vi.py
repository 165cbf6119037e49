"""Vietnamese wording of numbers, money and times as they appear on printed forms."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.clock import in_office_time


def money_vnd(amount: int) -> str:
    """50000 -> "50.000 đ"; 0 -> "Miễn phí" (forms print the word, not "0 đ")."""
    if amount < 0:
        raise ValueError(f"negative fee: {amount}")
    if amount == 0:
        return "Miễn phí"
    return f"{amount:,}".replace(",", ".") + " đ"


def hour_minute_date(moment: datetime) -> str:
    """ "14 giờ 05 phút, ngày 24/11/2026", the wording of items (4) and (5) on form 01."""
    moment = in_office_time(moment)
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}"


def two_digits(n: int) -> str:
    """Counts on forms are written with two digits: "01 bộ", "05 ngày"."""
    return f"{n:02d}"


def place_date(place: str, moment: datetime) -> str:
    """ "Hà Nội, ngày 24 tháng 11 năm 2026", the line under the motto on every form."""
    moment = in_office_time(moment)
    date = f"ngày {moment:%d} tháng {moment:%m} năm {moment:%Y}"
    return f"{place}, {date}" if place else date.capitalize()


def clock_date(moment: datetime) -> str:
    """ "14:05 - 24/11/2026", for slips where the long form wastes paper."""
    moment = in_office_time(moment)
    return f"{moment:%H:%M} - {moment:%d/%m/%Y}"
