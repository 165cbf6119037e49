import unicodedata

import pytest

from printing.codepages import TCVN3, Unencodable, codec, encode_cp1258, encode_tcvn3
from tests.printing.codepage_tables import cp1258_table, decode_text, tcvn3_table
from tests.printing.vietnamese import ALL_LETTERS, LOWER

TONED_CAPITALS = [c for c in LOWER.upper() if unicodedata.normalize("NFD", c) != c
                  and any(m in unicodedata.normalize("NFD", c) for m in "\u0300\u0301\u0303\u0309\u0323")]
PLAIN_CAPITALS = "ĂÂÊÔƠƯĐ"


def test_hand_written_cp1258_table_matches_the_codec():
    table = cp1258_table()
    for byte in range(0xA0, 0x100):
        assert bytes([byte]).decode("cp1258") == table[byte], hex(byte)


def test_tcvn3_encoder_agrees_with_the_printer_database_table():
    reference = {char: byte for byte, char in tcvn3_table().items()}
    assert {c: reference.get(c) for c in TCVN3} == TCVN3
    assert len(TCVN3) == 95 + 67 + 7  # ASCII, lower-case Vietnamese, capitals without tone


@pytest.mark.parametrize("letter", list(ALL_LETTERS))
def test_cp1258_round_trips_every_letter(letter):
    assert decode_text(encode_cp1258(letter), 52) == letter


def test_cp1258_decomposes_only_what_the_codec_cannot_encode():
    assert encode_cp1258("à") == b"\xe0"  # precomposed in CP1258
    assert encode_cp1258("ễ") == b"\xea\xde"  # ê + combining tilde
    assert encode_cp1258("Ặ") == b"\xc3\xf2"  # Ă + combining dot below
    assert encode_cp1258(unicodedata.normalize("NFD", "Nguyễn")) == encode_cp1258("Nguyễn")


def test_tcvn3_round_trips_lower_case_and_plain_capitals():
    text = LOWER + PLAIN_CAPITALS + "ABC xyz 0123 .,:-/()"
    assert decode_text(encode_tcvn3(text), 30) == text


@pytest.mark.parametrize("letter", TONED_CAPITALS)
def test_tcvn3_refuses_toned_capitals_explicitly(letter):
    with pytest.raises(Unencodable):
        encode_tcvn3(letter)


def test_sixty_toned_capitals_are_missing_from_tcvn3():
    assert len(TONED_CAPITALS) == 60


def test_typography_is_folded_and_other_scripts_are_refused():
    assert encode_cp1258("“Hoa” – ★") == b'"Hoa" - *'
    with pytest.raises(Unencodable):
        encode_cp1258("中")
    with pytest.raises(ValueError):
        codec("utf8", 1)  # type: ignore[arg-type]
