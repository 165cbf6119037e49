"""Clean-up of text that came through a scanner: mojibake, Unicode form, stray whitespace.

Keyboard-wedge scanners and serial ports sometimes hand over UTF-8 bytes decoded as
Latin-1 or cp1252 ("Nguyá»…n" for "Nguyễn"), NFD text, a BOM or trailing CR/LF/NUL.
Everything stored or compared must be NFC (docs/domain.md).
"""

from __future__ import annotations

import re
import unicodedata

# Every byte has a Latin-1 reading; cp1252 reuses 0x80-0x9F for printable characters.
# Either reading can be undone as long as we know which byte each character came from.
_CP1252_TO_BYTE: dict[str, int] = {}
for _b in range(0x80, 0xA0):
    try:
        _CP1252_TO_BYTE[bytes([_b]).decode("cp1252")] = _b
    except UnicodeDecodeError:
        pass  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252

_EDGE_JUNK = re.compile(r"^[\s\x00\ufeff\u200b]+|[\s\x00\ufeff\u200b]+$")
# Around a whole payload only ASCII junk goes: a trailing NBSP there may be the last byte
# of a misread "à" (C3 A0) that the per-field repair still needs.
_ASCII_EDGE_JUNK = re.compile(r"^[ \t\r\n\v\f\x00\ufeff\u200b]+|[ \t\r\n\v\f\x00\ufeff\u200b]+$")
_WHITESPACE_RUN = re.compile(r"\s+")


def _to_bytes(text: str) -> bytes | None:
    out = bytearray()
    for ch in text:
        code = ord(ch)
        if code < 0x100:
            out.append(code)
        elif ch in _CP1252_TO_BYTE:
            out.append(_CP1252_TO_BYTE[ch])
        else:
            return None  # a character no single-byte misreading could have produced
    return bytes(out)


def _misread(raw: bytes) -> tuple[str, str]:
    latin1 = raw.decode("latin-1")
    cp1252 = "".join(
        bytes([b]).decode("cp1252", errors="strict") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
        else chr(b)
        for b in raw
    )
    return latin1, cp1252


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-Latin-1/cp1252, only when the repair round-trips exactly.

    Correct Vietnamese text is left alone: it almost always holds characters outside
    Latin-1 (ă, ơ, ư, đ, ễ ...), and pure Latin-1 text is rarely valid UTF-8 once encoded.
    Applied at most twice, for text that was misread twice on its way.
    """
    for _ in range(2):
        if text.isascii():
            return text
        raw = _to_bytes(text)
        if raw is None:
            return text
        try:
            repaired = raw.decode("utf-8")
        except UnicodeDecodeError:
            return text
        if text not in _misread(repaired.encode("utf-8")):
            return text
        text = repaired
    return text


def strip_edges(text: str) -> str:
    """Remove surrounding whitespace, CR/LF, NUL, BOM and zero-width spaces."""
    return _EDGE_JUNK.sub("", text)


def strip_payload_edges(text: str) -> str:
    """Remove ASCII whitespace, CR/LF, NUL, BOM and zero-width spaces around a payload."""
    return _ASCII_EDGE_JUNK.sub("", text)


def collapse_spaces(text: str) -> str:
    return _WHITESPACE_RUN.sub(" ", text)


def clean_field(text: str, *, collapse: bool = False) -> str:
    """Repair, normalise to NFC and trim one field; optionally collapse inner whitespace."""
    text = unicodedata.normalize("NFC", repair_mojibake(text))
    text = strip_edges(text)
    return collapse_spaces(text) if collapse else text
