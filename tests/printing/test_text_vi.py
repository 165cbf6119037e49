from datetime import datetime

import pytest

from printing.text_vi import hour_minute_date, money_vnd, two_digits


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "Miễn phí"), (500, "500 đ"), (50_000, "50.000 đ"), (1_250_000, "1.250.000 đ")],
)
def test_money(amount, text):
    assert money_vnd(amount) == text


def test_negative_fee_is_refused():
    with pytest.raises(ValueError):
        money_vnd(-1)


def test_time_wording_pads_hours_and_minutes():
    assert hour_minute_date(datetime(2026, 11, 24, 14, 5)) == "14 giờ 05 phút, ngày 24/11/2026"
    assert hour_minute_date(datetime(2027, 1, 4, 8, 0)) == "08 giờ 00 phút, ngày 04/01/2027"
    assert two_digits(1) == "01"
