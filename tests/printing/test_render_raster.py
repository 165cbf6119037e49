import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import ImageFont

from printing.fonts import face, pixel_size
from printing.layout import Column, KeyValue, QrCode, Rule, Spacer, Table, Text
from printing.render_raster import render_raster
from printing.wrap import Run, line_width, wrap_runs
from tests.printing.vietnamese import ALL_LETTERS

WIDTHS = (576, 384)


def test_every_vietnamese_letter_is_listed():
    assert len(ALL_LETTERS) == 2 * (12 * 6 + 17)
    assert "Đ" in ALL_LETTERS and "ỹ" in ALL_LETTERS and "Ặ" in ALL_LETTERS
    assert all(len(ch) == 1 for ch in ALL_LETTERS)  # NFC: one code point each


def _missing_glyphs(font: ImageFont.FreeTypeFont, text: str) -> list[str]:
    notdef = bytes(font.getmask("\uffff"))
    return [
        ch for ch in text if not font.getmask(ch).getbbox() or bytes(font.getmask(ch)) == notdef
    ]


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("size", ["small", "normal", "large", "huge"])
def test_font_has_every_vietnamese_letter(bold, size):
    for width in WIDTHS:
        font = face(pixel_size(size, width), bold).font
        assert _missing_glyphs(font, ALL_LETTERS) == []


def test_missing_glyph_check_catches_a_missing_glyph():
    font = face(24).font
    assert _missing_glyphs(font, "中a") == ["中"]


def test_decomposed_input_is_drawn_like_precomposed():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hoa — Đặng Ỷ")
    nfc = unicodedata.normalize("NFC", nfd)
    assert nfd != nfc
    a = render_raster([Text(nfd)], 576)
    b = render_raster([Text(nfc)], 576)
    assert a.tobytes() == b.tobytes()


@pytest.mark.parametrize("width", WIDTHS)
def test_demo_receipt_picture_is_paper_wide_and_one_bit(demo_images, width):
    image = demo_images[width]
    assert image.mode == "1" and image.width == width
    values = set(np.asarray(image.convert("L")).ravel().tolist())
    assert values == {0, 255}


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_is_drawn_in_the_side_margins(demo_images, width):
    ink = ~np.asarray(demo_images[width])  # True where black
    margin = max(4, width // 96)
    assert not ink[:, :margin].any() and not ink[:, -margin:].any()


@pytest.mark.parametrize("width", WIDTHS)
def test_long_words_and_paragraphs_wrap_inside_the_paper(width):
    blocks = [
        Text("https://dichvucong.hanoi.gov.vn/" + "x" * 200, size="large", bold=True),
        Text("Ủy ban nhân dân " * 30, size="huge", align="right"),
        KeyValue("Địa chỉ thường trú hiện nay", "Số 12 ngõ 34 phố Đội Cấn " * 6, bold_value=True),
        Table((Column("A"), Column("B", 3)), (("x" * 80, "dài " * 40),)),
    ]
    ink = ~np.asarray(render_raster(blocks, width))
    margin = max(4, width // 96)
    assert ink[:, margin:-margin].any()
    assert not ink[:, :margin].any() and not ink[:, -margin:].any()


_words = st.text(alphabet=ALL_LETTERS + "0123456789.,-/", min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(_words, min_size=0, max_size=40), st.sampled_from([200, 376, 560]), st.booleans())
def test_wrap_never_exceeds_width_and_keeps_every_letter(words, max_width, two_fonts):
    regular, bold = face(24).font, face(24, bold=True).font
    half = len(words) // 2
    runs = [
        Run(" ".join(words[:half]), bold if two_fonts else regular),
        Run(" ".join(words[half:]), regular),
    ]
    lines = wrap_runs(runs, max_width)
    assert all(line_width(line) <= max_width for line in lines)
    letters = "".join(r.text for line in lines for r in line).replace(" ", "")
    assert letters == "".join(words)


def test_fit_keeps_the_motto_on_one_line_on_58mm():
    fitted = render_raster([Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, fit=True)], 384)
    wrapped = render_raster([Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)], 384)
    assert fitted.height < wrapped.height


def test_rules_spacers_and_unknown_blocks():
    img = render_raster([Spacer(1), Rule(), Rule(fraction=0.5, dashed=True)], 384)
    ink = ~np.asarray(img)
    assert ink.any(axis=1).sum() >= 3  # two rules drawn, 2 dots thick
    with pytest.raises(TypeError):
        render_raster(["not a block"], 384)  # type: ignore[list-item]


@pytest.mark.parametrize(("width", "module"), [(576, 4), (384, 3)])
def test_qr_module_never_below_the_minimum(width, module):
    img = render_raster([QrCode("https://example.vn/" + "a" * 120, target_fraction=0.1)], width)
    assert img.width == width
    # The code's finder pattern: 7 modules of black along the first dark row.
    ink = ~np.asarray(img)
    row = ink[ink.any(axis=1)][0]
    first = int(np.argmax(row))
    run = int(np.argmin(row[first:]))
    assert run >= 7 * module


def test_qr_too_long_for_the_paper_is_refused():
    with pytest.raises(ValueError):
        render_raster([QrCode("https://example.vn/" + "a" * 1500)], 384)
