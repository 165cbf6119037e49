"""Dossier codes `<agency code>-<YYMMDD>-<NNNN>` and agency identifiers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.dossier_code import (
    DossierCode,
    DossierCodeError,
    format_dossier_code,
    parse_dossier_code,
    validate_agency_code,
)


def test_example_from_domain_md() -> None:
    code = format_dossier_code("000.17.22.H56", date(2021, 5, 31), 1)
    assert code == "000.17.22.H56-210531-0001"
    assert parse_dossier_code(code) == DossierCode("000.17.22.H56", date(2021, 5, 31), 1)
    assert str(parse_dossier_code(code)) == code


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("000.00.17.H01", "000.00.17.H01"),
        ("000.17.22.H56", "000.17.22.H56"),
        ("H56.22", "H56.22"),
        ("000.00.00.G12", "000.00.00.G12"),
        ("  000.17.22.h56 ", "000.17.22.H56"),
        ("h56.22", "H56.22"),
        ("A1.B2.C3.D4.E5.F6", "A1.B2.C3.D4.E5.F6"),
        ("H56", "H56"),  # a level-1 code alone
        ("g09", "G09"),
        ("0000.17", "0000.17"),
        ("000.17.22.H56.00.00.00", "000.17.22.H56.00.00.00"),
        ("A" * 33 + ".1", "A" * 33 + ".1"),  # exactly 35 characters
    ],
)
def test_valid_agency_codes(typed: str, expected: str) -> None:
    assert validate_agency_code(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "000..17.H56",  # empty segment
        ".000.17",
        "000.17.",
        "000.17 .22",  # space
        "000 17 22",
        "000-17-22",  # '-' separates the parts of a dossier code
        "abc.def",  # letters only: garbage
        "ABC.DEF",
        "HXX",
        "000.17.22.H5_",
        "A" * 34 + ".1",  # 36 characters
        "ＡＢ.12",  # full-width letters
        "ﬀ1.23",  # ligature that would upper-case to ASCII
    ],
)
def test_invalid_agency_codes(typed: str) -> None:
    with pytest.raises(DossierCodeError) as caught:
        validate_agency_code(typed)
    assert caught.value.code == "agency_code"
    assert "Mã định danh cơ quan" in str(caught.value)


@pytest.mark.parametrize("seq", [0, -1, 100_000, True])
def test_sequence_out_of_range(seq: int) -> None:
    with pytest.raises(DossierCodeError, match="Số thứ tự hồ sơ phải từ 1 đến 99999") as caught:
        format_dossier_code("000.17.22.H56", date(2021, 5, 31), seq)
    assert caught.value.code == "seq"


@pytest.mark.parametrize(("seq", "last"), [
    (1, "0001"), (42, "0042"), (9999, "9999"), (10_000, "10000"), (99_999, "99999")])
def test_the_sequence_has_at_least_four_digits_and_grows_past_9999(seq: int, last: str) -> None:
    code = format_dossier_code("H56", date(2026, 1, 2), seq)
    assert code == f"H56-260102-{last}"
    assert parse_dossier_code(code) == DossierCode("H56", date(2026, 1, 2), seq)


@pytest.mark.parametrize(("code", "system", "seq"), [
    ("G09-260105-011234", "01", 1234),
    ("000.00.00.G12-251231-9912345", "99", 12345),
])
def test_codes_of_nationally_centralised_systems_parse(code: str, system: str, seq: int) -> None:
    parsed = parse_dossier_code(code)
    assert parsed.centralised and parsed.system == system and parsed.seq == seq
    assert str(parsed) == code


@pytest.mark.parametrize("code", ["G09-260105-01123", "G09-260105-123", "G09-261305-0001",
                                  "G09260105-0001", "abc.def-260105-0001", "H56-260105-00x1"])
def test_broken_codes_are_refused_in_vietnamese(code: str) -> None:
    if code == "G09-260105-01123":  # 5 digits: an ordinary sequence, not a system code
        assert not parse_dossier_code(code).centralised
        return
    with pytest.raises(DossierCodeError) as caught:
        parse_dossier_code(code)
    assert caught.value.code in ("format", "day", "agency_code")


def test_sequence_limits() -> None:
    assert format_dossier_code("H56.22", date(2026, 1, 2), 9999) == "H56.22-260102-9999"
    assert format_dossier_code("H56.22", date(2026, 1, 2), 42).endswith("-0042")


@pytest.mark.parametrize("day", [date(1999, 12, 31), date(2100, 1, 1)])
def test_day_outside_two_digit_years(day: date) -> None:
    with pytest.raises(DossierCodeError) as caught:
        format_dossier_code("H56.22", day, 1)
    assert caught.value.code == "day"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "format"),
        ("000.17.22.H56-210531", "format"),
        ("000.17.22.H56-210531-001", "format"),
        ("000.17.22.H56-2105310-0001", "format"),
        ("000.17.22.H56_210531_0001", "format"),
        ("-210531-0001", "format"),
        ("000.17-22.H56-210531-0001", "format"),
        ("000.17.22.H56-210532-0001", "day"),
        ("000.17.22.H56-210229-0001", "day"),
        ("000.17.22.H56-210531-0000", "seq"),
        ("abc.def-210531-0001", "agency_code"),
        ("000.17.22.H56-２10531-0001", "format"),
    ],
)
def test_parse_rejects(text: str, code: str) -> None:
    with pytest.raises(DossierCodeError) as caught:
        parse_dossier_code(text)
    assert caught.value.code == code


def test_parse_is_lenient_on_case_and_surrounding_space() -> None:
    assert parse_dossier_code(" 000.17.22.h56-240229-0007\n") == DossierCode(
        "000.17.22.H56", date(2024, 2, 29), 7
    )


segment = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=2, max_size=3)
agency_codes = st.lists(segment, min_size=2, max_size=6).map(".".join).filter(
    lambda s: any(c.isdigit() for c in s)
)


@given(agency_codes, st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       st.integers(1, 9999))
def test_round_trip(agency: str, day: date, seq: int) -> None:
    text = format_dossier_code(agency, day, seq)
    assert len(text) == len(agency) + 12
    assert parse_dossier_code(text) == DossierCode(agency, day, seq)


@given(st.text())
def test_parse_arbitrary_text_only_raises_dossier_code_error(text: str) -> None:
    try:
        result = parse_dossier_code(text)
    except DossierCodeError:
        return
    assert format_dossier_code(result.agency_code, result.day, result.seq) == str(result)
