"""Scanned pages tidied (issue 14, item 2): a page fed 3° askew comes out level, the
scanner's dark border is cropped away, a blank page is found (and only found)."""

from __future__ import annotations

from PIL import Image, ImageOps

from counter_app.digitize.clean import crop_to_paper, deskew, is_blank, skew_angle, tidy
from tests.digitize.conftest import text_page


def test_a_page_fed_askew_is_straightened():
    level = text_page(1)
    askew = level.rotate(-3, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert abs(skew_angle(askew) - 3) <= 0.5  # turned 3° clockwise: 3° back
    assert abs(skew_angle(deskew(askew))) <= 0.5
    assert deskew(level) is level  # a level page is left as it is


def test_the_scanners_dark_border_is_cropped_not_the_margins():
    paper = text_page(1)
    scanned = ImageOps.expand(paper, border=80, fill=20)  # the lid around the sheet
    assert crop_to_paper(scanned).size == paper.size
    assert crop_to_paper(paper) is paper  # the margins stay
    assert tidy(scanned).size == paper.size


def test_a_blank_page_is_found_and_a_written_one_is_not():
    assert is_blank(Image.new("1", (2480, 3508), 1))
    assert not is_blank(text_page(1).convert("1"))
