"""Printing properties over any Vietnamese text and any picture, read back with the
independent ESC/POS reader in tests/printing (tests/printing/test_codepages.py checks
each letter alone; these check whole texts, documents and pictures of any size).

Guarantees, per route (printing/codepages.py, printing/render_text.py):
- cp1258: every Vietnamese text prints as text and reads back as the same letters;
- tcvn3: text without upper-case toned letters prints as text and reads back the same;
  a block with one is printed as a picture instead, never as wrong letters;
- raster: every GS v 0 header states exactly the size of the data behind it, and the
  fragments put together are the picture, dot for dot.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from printing.codepages import Unencodable, codec, encode_cp1258, encode_tcvn3
from printing.escpos_raster import raster_bytes
from printing.layout import Text
from printing.render_text import TextOptions, render_text
from tests.hostile.vietnamese import PLAIN_CAPITALS, TONED_CAPITALS, normal_forms, phrases
from tests.printing.codepage_tables import decode_text
from tests.printing.escpos_decode import decode
from tests.printing.vietnamese import ALL_LETTERS, LOWER

PUNCTUATION = " 0123456789.,:;-/()"
TCVN3_SAFE = LOWER + PLAIN_CAPITALS + "ABCDEFGHIKLMNOPQRSTUVXY" + PUNCTUATION


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@given(st.text(alphabet=ALL_LETTERS + PUNCTUATION, max_size=80), normal_forms)
def test_cp1258_prints_any_vietnamese_text_as_the_same_letters(text, form):
    assert decode_text(encode_cp1258(unicodedata.normalize(form, text)), 52) == nfc(text)


@given(st.text(alphabet=TCVN3_SAFE, max_size=80), normal_forms)
def test_tcvn3_prints_text_without_toned_capitals_as_the_same_letters(text, form):
    assert decode_text(encode_tcvn3(unicodedata.normalize(form, text)), 30) == nfc(text)


@given(st.text(alphabet=TCVN3_SAFE, max_size=20), st.sampled_from(TONED_CAPITALS),
       st.text(alphabet=ALL_LETTERS, max_size=20))
def test_tcvn3_refuses_a_toned_capital_by_name(before, capital, after):
    with pytest.raises(Unencodable) as refused:
        encode_tcvn3(before + capital + after)
    assert refused.value.char == capital  # the first letter it cannot spell


@given(st.text())
def test_encoders_raise_nothing_but_unencodable(text):
    for encode in (encode_cp1258, encode_tcvn3):
        try:
            assert isinstance(encode(text), bytes)
        except Unencodable:
            pass


def printed_lines(stream: bytes, page: int) -> list[str]:
    return [decode_text(line.raw, page).strip() for line in decode(stream).lines]


@pytest.mark.parametrize("route,page", [("cp1258", 52), ("tcvn3", 30)])
@given(text=phrases(max_words=20), form=normal_forms, columns=st.sampled_from([32, 42, 48]))
@settings(max_examples=40)
def test_a_paragraph_reaches_paper_as_text_or_as_a_picture(route, page, text, form, columns):
    options = TextOptions(codec(route, page), columns, columns * 12, native_qr=False,
                          cut=False, feed_lines=0)
    stream = render_text([Text(unicodedata.normalize(form, text))], options)
    decoded = decode(stream)
    if route == "tcvn3" and set(nfc(text)) & set(TONED_CAPITALS):
        assert decoded.rasters and not decoded.lines  # the block went as a picture
    else:
        assert not decoded.rasters
        # Wrapped at spaces only (no word is longer than a line): the words come back.
        assert " ".join(printed_lines(stream, page)) == " ".join(nfc(text).split())


@given(width=st.integers(1, 576), height=st.integers(1, 2600), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=25)
def test_raster_headers_match_their_data_and_rebuild_the_picture(width, height, seed):
    dots = np.random.default_rng(seed).random((height, width)) < 0.3  # True = burnt
    picture = Image.fromarray(np.where(dots, 0, 255).astype(np.uint8), "L").convert("1")
    stream = raster_bytes(picture, cut=False, feed_lines=0)
    decoded = decode(stream)
    width_bytes = (width + 7) // 8
    assert all(r.width_bytes == width_bytes for r in decoded.rasters)
    assert sum(r.height for r in decoded.rasters) == height
    # ESC @, then per fragment an 8-byte header and exactly the bytes it announces.
    assert len(stream) == 2 + sum(8 + r.data_length for r in decoded.rasters)
    assert all(8 + r.data_length + 2 <= 0xFFFF for r in decoded.rasters)
    burnt = np.vstack(decoded.rows)
    assert np.array_equal(burnt[:, :width], dots)
    assert not burnt[:, width:].any()  # the padding to a whole byte stays blank
