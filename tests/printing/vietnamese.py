"""Every Vietnamese letter, built from base letters and combining marks, then NFC."""

import unicodedata

_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # sắc huyền hỏi ngã nặng
_CONSONANTS = "bcdđghklmnpqrstvx"

LOWER = "".join(unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES) + _CONSONANTS
ALL_LETTERS = LOWER + LOWER.upper()
