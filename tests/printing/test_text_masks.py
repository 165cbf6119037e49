"""A kept run stamps exactly what ImageDraw.text draws, first time and every time after."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from printing.documents.receipt import receipt_layout
from printing.fonts import face
from printing.layout import Text
from printing.render_raster import render_raster
from printing.text_masks import draw_run, forget
from tests.printing.vietnamese import ALL_LETTERS

TEXTS = ["Người nộp hồ sơ:", "ỄẪẴỖỮ gjpqyỵỹ", "j", "  ", "", "Vào sổ theo dõi hồ sơ, số 1234",
         "(5) Thời gian trả kết quả: 14 giờ 05 phút,", ALL_LETTERS[:40], "AV To Ty ƯỚ"]


def _pillow(text, font, x, y):
    image = Image.new("1", (700, 160), 1)
    draw = ImageDraw.Draw(image)
    draw.fontmode = "1"
    draw.text((x, y), text, font=font, fill=0, anchor="ls")
    return image.tobytes()


def _kept(text, font, x, y):
    image = Image.new("1", (700, 160), 1)
    draw_run(ImageDraw.Draw(image), x, y, text, font)
    return image.tobytes()


@pytest.mark.parametrize("px,bold", [(18, False), (18, True), (21, True), (24, False),
                                     (24, True), (30, True), (42, True), (110, True)])
def test_a_run_is_drawn_as_pillow_draws_it_fresh_and_kept(px, bold):
    font = face(px, bold).font
    forget()
    for text in TEXTS:
        for x, y in ((0, 120), (7, 121), (-3, 40)):  # 40: tall letters cut at the top
            assert _kept(text, font, x, y) == _pillow(text, font, x, y), (px, bold, text, x)
            assert _kept(text, font, x, y) == _pillow(text, font, x, y)  # from the cache


def test_the_same_text_in_two_fonts_is_kept_apart():
    regular, bold = face(24).font, face(24, True).font
    assert _kept("Mã hồ sơ", regular, 5, 100) == _pillow("Mã hồ sơ", regular, 5, 100)
    assert _kept("Mã hồ sơ", bold, 5, 100) == _pillow("Mã hồ sơ", bold, 5, 100)
    assert _kept("Mã hồ sơ", bold, 5, 100) != _kept("Mã hồ sơ", regular, 5, 100)


@given(text=st.text(alphabet=ALL_LETTERS + " 0123456789:,.-/()", max_size=30),
       x=st.integers(-20, 600), y=st.integers(0, 160), bold=st.booleans())
@settings(max_examples=60, deadline=None)
def test_any_vietnamese_run_matches_pillow(text, x, y, bold):
    font = face(21, bold).font
    assert _kept(text, font, x, y) == _pillow(text, font, x, y)


def test_a_receipt_renders_the_same_from_empty_and_from_kept_runs(demo):
    blocks = receipt_layout(demo)
    forget()
    first = render_raster(blocks, 576).tobytes()
    assert render_raster(blocks, 576).tobytes() == first
    forget()
    render_raster([Text("Người nộp hồ sơ")], 576)  # a partly filled cache
    assert render_raster(blocks, 576).tobytes() == first
