"""Card checks that warn and never refuse (issue 15 item 8): ID prefixes outside the 63
provinces (births registered abroad), an empty "Nơi cư trú", card expiry by age."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.domain.card_checks import card_expiry, card_warnings
from counter_app.domain.cccd import parse_cccd_qr
from counter_app.domain.id_number import describe_id_number, prefix_warning, validate_id_number

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(("number", "warned"), [
    ("001090012345", False),  # Hà Nội
    ("079090012345", False),  # Hồ Chí Minh
    ("096090012345", False),  # Cà Mau
    ("003090012345", True),   # not a province code
    ("097090012345", True),
    ("840090012345", True),   # a country code: birth registered abroad
])
def test_a_prefix_outside_the_provinces_is_a_warning_not_an_error(number, warned):
    assert validate_id_number(number) == number  # accepted either way
    warning = prefix_warning(number)
    assert (warning is not None) == warned
    if warned:
        assert "nước ngoài" in warning and number[:3] in warning
        assert "ngoài 63 tỉnh" in describe_id_number(number)["province"]


@pytest.mark.parametrize(("birth", "issued", "expiry"), [
    (date(1990, 6, 15), date(2004, 6, 15), date(2015, 6, 15)),   # issued at 14 → 25
    (date(1990, 6, 15), date(2013, 6, 14), date(2015, 6, 15)),   # one day before 23 → 25
    (date(1990, 6, 15), date(2013, 6, 15), date(2030, 6, 15)),   # at 23 (2 years before) → 40
    (date(1990, 6, 15), date(2014, 6, 15), date(2030, 6, 15)),   # issued at 24 → 40
    (date(1980, 6, 15), date(2006, 6, 15), date(2020, 6, 15)),   # at 26 → 40
    (date(1980, 6, 15), date(2019, 6, 15), date(2040, 6, 15)),   # at 39 → 60
    (date(1970, 6, 15), date(2015, 6, 15), date(2030, 6, 15)),   # at 45 → 60
    (date(1960, 6, 15), date(2017, 6, 15), date(2020, 6, 15)),   # at 57 → 60
    (date(1960, 6, 15), date(2018, 6, 15), None),                # at 58: never
    (date(1950, 6, 15), date(2009, 6, 15), None),                # at 59: never
    (date(2013, 3, 1), date(2024, 8, 1), date(2027, 3, 1)),      # new card at 11 → 14
    (date(2012, 3, 1), date(2024, 8, 1), date(2037, 3, 1)),      # new card at 12 → 25
    (date(2012, 3, 1), date(2024, 3, 1), date(2037, 3, 1)),      # old card at 12 → 25
    (date(2000, 2, 29), date(2016, 5, 1), date(2025, 3, 1)),     # born on 29 February
])
def test_card_expiry_by_age(birth, issued, expiry):
    assert card_expiry(birth, issued) == expiry


def _card(id_number="001090012345", address="Số 1 phố Huế, Hà Nội", issued="15062014"):
    return parse_cccd_qr(f"{id_number}||Nguyễn Văn A|15061990|Nam|{address}|{issued}",
                         today=TODAY)


def test_an_empty_residence_parses_and_is_said():
    card = _card(address="")
    assert card.address == ""
    assert any("không ghi nơi cư trú" in w for w in card_warnings(card, TODAY))


def test_an_expired_card_is_flagged_on_the_day_it_expires():
    card = _card(issued="15062004")  # issued at 14: expired at 25, on 15/06/2015
    assert any("hết hạn ngày 15/06/2015" in w for w in card_warnings(card, TODAY))
    assert card_warnings(card, date(2015, 6, 14)) == []
    assert card_warnings(_card(), TODAY) == []  # issued at 24: valid until 40


def test_an_abroad_prefix_and_an_expired_card_are_both_said():
    card = _card(id_number="840090012345", issued="15062004")
    warnings = card_warnings(card, TODAY)
    assert len(warnings) == 2 and "840" in warnings[0]
