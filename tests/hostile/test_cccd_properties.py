"""CCCD payload properties beyond tests/domain/test_cccd_properties.py: names and addresses
drawn from every Vietnamese letter (that file uses a short list of names), damage stacked
the way a keyboard-wedge scanner and a wrong code page stack it, and no error message
that repeats the full ID number (error texts reach the screen and the log)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.cccd import CccdCard, CccdError, format_cccd_qr, parse_cccd_qr
from tests.domain.strategies import TODAY, valid_cards
from tests.hostile.vietnamese import addresses, full_names


@st.composite
def cards(draw: st.DrawFn) -> CccdCard:
    card = draw(valid_cards())
    return replace(card, full_name=draw(full_names), address=draw(addresses))


def misread(text: str, codec: str) -> str:
    """UTF-8 bytes read back as `codec` (Windows delivers cp1252's five holes as C1)."""
    raw = text.encode("utf-8")
    if codec == "latin-1":
        return raw.decode("latin-1")
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                   for b in raw)


@given(cards())
def test_any_vietnamese_name_and_address_round_trip(card):
    assert parse_cccd_qr(format_cccd_qr(card), today=TODAY) == card


@given(cards(), st.sampled_from(["NFC", "NFD"]),
       st.lists(st.sampled_from(["latin-1", "cp1252"]), max_size=2),
       st.sampled_from(["", "\r\n", "\n", "\x00", " \t"]))
def test_stacked_damage_is_repaired_to_the_same_card(card, form, misreadings, tail):
    # NFD from the scanner, read as Latin-1 or cp1252 once or twice on the way, with a
    # BOM in front and line-end junk after: the clerk still gets the card that was printed.
    text = unicodedata.normalize(form, format_cccd_qr(card))
    for codec in misreadings:
        text = misread(text, codec)
    assert parse_cccd_qr("\ufeff" + text + tail, today=TODAY) == card


FIELD = {"id": 0, "old": 1, "name": 2, "dob": 3, "sex": 4, "address": 5, "issue": 6}


@given(cards(), st.sampled_from(sorted(FIELD)),
       st.one_of(st.text(max_size=14), st.text(alphabet="0123456789", max_size=14),
                 st.sampled_from(["31021990", "00000000", "Nữ", "Nam", "", "999"])))
def test_an_error_never_repeats_the_full_id_number(card, field, junk):
    fields = format_cccd_qr(card).split("|")
    fields[FIELD[field]] = junk
    try:
        parse_cccd_qr("|".join(fields), today=TODAY)
    except CccdError as error:
        assert card.id_number not in str(error)
        assert card.id_number not in repr(error)
        if junk.isdigit() and len(junk) >= 9:
            assert junk not in str(error)  # a mistyped number is personal data too
