"""Hypothesis strategies for Vietnamese text made of every letter of the alphabet (both
cases, all tones), not a short list of names: the property tests in this folder use it."""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

from tests.printing.vietnamese import ALL_LETTERS, LOWER

PLAIN_CAPITALS = "ĂÂÊÔƠƯĐ"  # the capitals TCVN-3 has: no tone mark
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
TONED_CAPITALS = "".join(c for c in LOWER.upper()
                         if set(unicodedata.normalize("NFD", c)) & set(TONE_MARKS))


def words(alphabet: str, max_size: int = 8) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=1, max_size=max_size)


def phrases(alphabet: str = ALL_LETTERS, max_words: int = 6,
            max_size: int = 8) -> st.SearchStrategy[str]:
    return st.lists(words(alphabet, max_size), min_size=1, max_size=max_words).map(" ".join)


# "Nguyễn Thị Ánh": a capital, then lower case, for each word of a name.
name_words = st.tuples(st.sampled_from(LOWER.upper()), words(LOWER, 6)).map("".join)
full_names = st.lists(name_words, min_size=2, max_size=5).map(" ".join)
addresses = st.lists(st.one_of(name_words, words("0123456789", 4), words(LOWER, 7)),
                     min_size=2, max_size=10).map(lambda ws: ", ".join(ws))
normal_forms = st.sampled_from(["NFC", "NFD"])
