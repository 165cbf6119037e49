"""Vietnamese text -> single-byte code pages for ESC/POS text mode, without python-escpos's
automatic encoder (it wanders between pages mid-line and maps Đ to CP852: docs/printing.md).

TCVN-3 is the TCVN 5712:1993 "VN3" table (the ABC fonts): lower-case letters with tone
marks, and upper-case only for the seven letters without one (Ă Â Ê Ô Ơ Ư Đ). Upper-case
letters *with* a tone mark do not exist in VN3 (the ABC fonts drew them by printing the
lower-case code in a separate capitals font, which ESC/POS only offers as another code
page); such text raises Unencodable, and the text renderer prints that block as a picture.

CP1258 holds some precomposed letters and five combining tone marks; every other letter is
sent as its base letter (with breve, circumflex or horn) followed by the tone mark, so
every Vietnamese letter in both cases has an encoding.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .printable import printable

TextRoute = Literal["tcvn3", "cp1258"]


class Unencodable(ValueError):
    def __init__(self, char: str, codec: str) -> None:
        super().__init__(f"{char!r} (U+{ord(char):04X}) has no code in {codec}")
        self.char = char


# Vowel (or đ/Đ) -> its codes with no tone, sắc, huyền, hỏi, ngã, nặng; 0 = not in VN3.
#                   none  sắc   huyền hỏi  ngã   nặng
_TCVN3_ROWS: dict[str, tuple[int, int, int, int, int, int]] = {
    "a": (0x61, 0xB8, 0xB5, 0xB6, 0xB7, 0xB9),
    "ă": (0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6),
    "â": (0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB),
    "e": (0x65, 0xD0, 0xCC, 0xCE, 0xCF, 0xD1),
    "ê": (0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6),
    "i": (0x69, 0xDD, 0xD7, 0xD8, 0xDC, 0xDE),
    "o": (0x6F, 0xE3, 0xDF, 0xE1, 0xE2, 0xE4),
    "ô": (0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9),
    "ơ": (0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE),
    "u": (0x75, 0xF3, 0xEF, 0xF1, 0xF2, 0xF4),
    "ư": (0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9),
    "y": (0x79, 0xFD, 0xFA, 0xFB, 0xFC, 0xFE),
    "đ": (0xAE, 0, 0, 0, 0, 0),
    "Ă": (0xA1, 0, 0, 0, 0, 0),
    "Â": (0xA2, 0, 0, 0, 0, 0),
    "Ê": (0xA3, 0, 0, 0, 0, 0),
    "Ô": (0xA4, 0, 0, 0, 0, 0),
    "Ơ": (0xA5, 0, 0, 0, 0, 0),
    "Ư": (0xA6, 0, 0, 0, 0, 0),
    "Đ": (0xA7, 0, 0, 0, 0, 0),
}
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _tcvn3_table() -> dict[str, int]:
    table = {chr(c): c for c in range(0x20, 0x7F)}
    for vowel, codes in _TCVN3_ROWS.items():
        for mark, code in zip(_TONE_MARKS, codes, strict=True):
            if code:
                table[unicodedata.normalize("NFC", vowel + mark)] = code
    return table


TCVN3: dict[str, int] = _tcvn3_table()
_CP1258_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

# Typography that no single-byte page has, or that cheap printers draw wrongly.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u2026": "...", "\u00a0": " ", "\u2022": "-", "\u2605": "*", "\u2606": "*", "\u20ab": "đ",
})


def fold(text: str) -> str:
    """Printable NFC (no control characters: printable.py), and typographic punctuation
    as its ASCII equivalent. Every text the text route encodes passes through here."""
    return printable(text).translate(_FOLD)


def encode_tcvn3(text: str) -> bytes:
    out = bytearray()
    for char in fold(text):
        code = TCVN3.get(char)
        if code is None:
            raise Unencodable(char, "TCVN-3")
        out.append(code)
    return bytes(out)


def encode_cp1258(text: str) -> bytes:
    out = bytearray()
    for char in fold(text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = [p for p in parts if p in _CP1258_TONES]
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _CP1258_TONES))
        try:
            out += base.encode("cp1258") + "".join(tones).encode("cp1258")
        except UnicodeEncodeError:
            raise Unencodable(char, "CP1258") from None
    return bytes(out)


@dataclass(frozen=True)
class Codec:
    route: TextRoute
    page: int  # the n of ESC t n on this printer
    label: str  # for the test page and the settings screen
    encode: Callable[[str], bytes]


def codec(route: TextRoute, page: int) -> Codec:
    if not 0 <= page <= 255:
        raise ValueError(f"code page out of range: {page}")
    if route == "tcvn3":
        return Codec(route, page, f"TCVN-3 (ESC t {page})", encode_tcvn3)
    if route == "cp1258":
        return Codec(route, page, f"CP1258 (ESC t {page})", encode_cp1258)
    raise ValueError(f"unknown text route: {route!r}")
