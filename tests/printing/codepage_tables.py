"""Byte -> Unicode tables for the code pages our text routes use, built for the tests
from sources other than printing/codepages.py:

- TCVN-3: the character rows of escpos-printer-db (shipped in python-escpos) for Epson's
  page 30, plus the seven capitals without tone marks at 0xA1-0xA7 from TCVN 5712:1993 VN3
  (the printer-db leaves those cells blank).
- CP1258: ISO 8859-1 for 0xA0-0xFF with Microsoft's fourteen Vietnamese replacements,
  written out by hand (Python's codec is only used to cross-check this table).
"""

from __future__ import annotations

import unicodedata

TCVN3_CAPITALS = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ"}

CP1258_REPLACED = {
    0xC3: "\u0102",  # Ă
    0xCC: "\u0300",  # combining grave (huyền)
    0xD0: "\u0110",  # Đ
    0xD2: "\u0309",  # combining hook above (hỏi)
    0xD5: "\u01a0",  # Ơ
    0xDD: "\u01af",  # Ư
    0xDE: "\u0303",  # combining tilde (ngã)
    0xE3: "\u0103",  # ă
    0xEC: "\u0301",  # combining acute (sắc)
    0xF0: "\u0111",  # đ
    0xF2: "\u0323",  # combining dot below (nặng)
    0xF5: "\u01a1",  # ơ
    0xFD: "\u01b0",  # ư
    0xFE: "\u20ab",  # ₫
}


def tcvn3_table() -> dict[int, str]:
    from escpos.capabilities import CAPABILITIES

    rows = CAPABILITIES["encodings"]["TCVN-3-1"]["data"]
    table = {b: chr(b) for b in range(0x20, 0x7F)}
    for r, row in enumerate(rows):
        for c, char in enumerate(row):
            if char != " ":
                table[0x80 + 16 * r + c] = char
    table.update(TCVN3_CAPITALS)
    return table


def cp1258_table() -> dict[int, str]:
    table = {b: chr(b) for b in range(0x20, 0x7F)}
    table.update({b: chr(b) for b in range(0xA0, 0x100)})
    table.update(CP1258_REPLACED)
    return table


PAGES = {30: "tcvn3", 52: "cp1258", 94: "cp1258", 27: "cp1258"}


def decode_text(raw: bytes, page: int) -> str:
    """NFC text of one printed line; KeyError on a byte the page does not have."""
    table = tcvn3_table() if PAGES[page] == "tcvn3" else cp1258_table()
    return unicodedata.normalize("NFC", "".join(table[b] for b in raw))
