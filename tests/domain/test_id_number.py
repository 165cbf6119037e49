"""validate_id_number / describe_id_number for numbers typed by hand."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.domain.cccd import CccdError, describe_id_number, validate_id_number
from counter_app.domain.id_number import century_sex_digit
from counter_app.domain.provinces import PROVINCES, province_name


def test_province_table() -> None:
    assert len(PROVINCES) == 63
    assert province_name("001") == "Hà Nội"
    assert province_name("079") == "Hồ Chí Minh"
    assert province_name("096") == "Cà Mau"
    assert province_name("046") == "Thừa Thiên Huế"
    assert province_name("003") is None
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCES)


@pytest.mark.parametrize(
    ("typed", "dob", "sex", "expected"),
    [
        ("001090012345", None, None, "001090012345"),
        ("001 090 012 345", None, None, "001090012345"),
        (" 001090012345\t", date(1990, 1, 1), "Nam", "001090012345"),
        ("079304001234", date(2004, 2, 29), "Nữ", "079304001234"),
        ("079304001234", date(2004, 2, 29), "nu", "079304001234"),
        ("079304001234", None, "NỮ", "079304001234"),
        ("079304001234", date(2004, 1, 1), None, "079304001234"),
        ("001400012345", date(2100, 1, 1), "Nam", "001400012345"),
        ("001999012345", date(2399, 12, 31), "Nữ", "001999012345"),
    ],
)
def test_valid(typed: str, dob: date | None, sex: str | None, expected: str) -> None:
    assert validate_id_number(typed, dob, sex) == expected


@pytest.mark.parametrize(
    ("typed", "dob", "sex", "code", "message"),
    [
        ("00109001234", None, None, "id_format", "Số định danh phải có đúng 12 chữ số"),
        ("001-090-012345", None, None, "id_format", "12 chữ số"),
        ("", None, None, "id_format", "12 chữ số"),
        ("001290012345", date(1990, 5, 5), "Nam", "century_sex",
         "Chữ số thế kỷ/giới tính (2) không khớp năm sinh 1990 và giới tính Nam"),
        ("001290012345", date(1990, 5, 5), None, "century_sex",
         "Chữ số thế kỷ/giới tính (2) không khớp năm sinh 1990"),
        ("001090012345", None, "Nữ", "century_sex",
         "Chữ số thế kỷ/giới tính (0) không khớp giới tính Nữ"),
        ("001090012345", date(1991, 1, 1), "Nam", "birth_year", "(90) không khớp năm sinh 1991"),
        ("001090012345", None, "M", "sex", "Giới tính phải là"),
    ],
)
def test_invalid(typed: str, dob: date | None, sex: str | None, code: str, message: str) -> None:
    with pytest.raises(CccdError) as caught:
        validate_id_number(typed, dob, sex)
    assert caught.value.code == code
    assert caught.value.field in ("id_number", "sex")
    assert message in caught.value.message
    assert isinstance(caught.value, ValueError)


def test_errors_never_carry_a_full_number() -> None:
    error = CccdError("số 001090012345 sai", code="id_format")
    assert "001090012345" not in str(error)
    assert "*********345" in str(error)


def test_describe() -> None:
    assert describe_id_number("079304001234") == {
        "province_code": "079",
        "province": "Hồ Chí Minh",
        "century": 2000,
        "sex": "Nữ",
        "year_pair": "04",
    }
    assert describe_id_number("001090012345")["century"] == 1900
    # A prefix outside the provinces (a birth registered abroad) is described, not refused.
    assert describe_id_number("003090012345")["province"].startswith("ngoài 63 tỉnh")
    with pytest.raises(CccdError):
        describe_id_number("00309001234")


@pytest.mark.parametrize(
    ("year", "sex", "digit"),
    [(1900, "Nam", 0), (1999, "Nữ", 1), (2000, "Nam", 2), (2099, "Nữ", 3), (2100, "Nam", 4),
     (2250, "Nữ", 7), (2399, "Nam", 8), (1899, "Nam", None), (2400, "Nữ", None)],
)
def test_century_sex_digit(year: int, sex: str, digit: int | None) -> None:
    assert century_sex_digit(year, sex) == digit
