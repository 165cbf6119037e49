"""Properties: parse never fails with anything but CccdError; format/parse round-trips."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from counter_app.domain.cccd import CccdCard, CccdError, format_cccd_qr, parse_cccd_qr
from tests.domain.strategies import TODAY, valid_cards


def parse_or_error(text: str) -> CccdCard | CccdError:
    try:
        return parse_cccd_qr(text, today=TODAY)
    except CccdError as error:
        return error


@given(st.text())
@example("|||||||")
@example("\x00")
@example("001090012345||A|00000000|Nam|x|00000000")
@example("001090012345||A|01010000|Nam|x|01010000")
def test_arbitrary_text_gives_card_or_cccd_error(text: str) -> None:
    result = parse_or_error(text)
    assert isinstance(result, CccdCard | CccdError)
    if isinstance(result, CccdError):
        assert result.code and str(result)


field_junk = st.one_of(
    st.text(max_size=14),
    st.text(alphabet="0123456789", max_size=14),
    st.sampled_from(["Nam", "Nữ", "nu", "", " ", "\r\n", "31021990", "29022000", "99999999"]),
)


@given(valid_cards(), st.data())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_near_valid_payloads_give_card_or_cccd_error(card: CccdCard, data: st.DataObject) -> None:
    fields = format_cccd_qr(card).split("|")
    for _ in range(data.draw(st.integers(1, 3))):
        action = data.draw(st.sampled_from(["replace", "drop", "insert", "garble"]))
        index = data.draw(st.integers(0, len(fields) - 1))
        if action == "replace":
            fields[index] = data.draw(field_junk)
        elif action == "drop" and len(fields) > 1:
            del fields[index]
        elif action == "insert":
            fields.insert(index, data.draw(field_junk))
        else:
            fields[index] = fields[index].encode().decode("latin-1")
    result = parse_or_error("|".join(fields))
    assert isinstance(result, CccdCard | CccdError)


@given(valid_cards())
def test_round_trip(card: CccdCard) -> None:
    assert parse_cccd_qr(format_cccd_qr(card), today=TODAY) == card


@given(valid_cards(), st.sampled_from(["NFD", "latin-1", "cp1252", "crlf", "spaces"]))
def test_round_trip_survives_transport_damage(card: CccdCard, damage: str) -> None:
    text = format_cccd_qr(card)
    if damage == "NFD":
        text = unicodedata.normalize("NFD", text)
    elif damage == "latin-1":
        text = text.encode().decode("latin-1")
    elif damage == "cp1252":
        text = "".join(
            chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
            for b in text.encode()
        )
    elif damage == "crlf":
        text = "\ufeff" + text + "\r\n"
    else:
        fields = text.split("|")
        fields[2] = "  " + fields[2].replace(" ", " \t ") + " "
        text = "|".join(fields)
    assert parse_cccd_qr(text, today=TODAY) == card


@given(valid_cards())
def test_changed_sex_is_caught(card: CccdCard) -> None:
    other = replace(card, sex="Nữ" if card.sex == "Nam" else "Nam")
    result = parse_or_error(format_cccd_qr(other))
    assert isinstance(result, CccdError) and result.code == "century_sex"


@given(valid_cards(), st.integers(1, 99))
def test_changed_birth_year_is_caught(card: CccdCard, shift: int) -> None:
    year = card.date_of_birth.year - shift
    if year < 1900:
        return
    dob = card.date_of_birth.replace(year=year, day=min(card.date_of_birth.day, 28))
    result = parse_or_error(format_cccd_qr(replace(card, date_of_birth=dob)))
    assert isinstance(result, CccdError)
    assert result.code in ("century_sex", "birth_year")


@given(valid_cards())
def test_repr_never_shows_the_number_or_given_names(card: CccdCard) -> None:
    text = repr(card)
    assert card.id_number not in text
    assert card.address not in text
    assert f"{card.date_of_birth:%d%m%Y}" not in text


def test_today_defaults_to_the_real_date() -> None:
    assert parse_cccd_qr(format_cccd_qr(CccdCard(
        "001090012345", None, "Nguyễn Văn A", date(1990, 1, 1), "Nam", "Hà Nội",
        date(2021, 4, 15),
    ))).full_name == "Nguyễn Văn A"
