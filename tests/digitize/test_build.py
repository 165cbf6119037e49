"""Paper pages into one PDF/A-2b per document component (issue 14): pages in order, at their
resolution, black and white losslessly, colour as JPEG, small enough to archive."""

from __future__ import annotations

import io
from datetime import datetime

import pikepdf
import pytest
from PIL import Image

from counter_app.digitize.errors import DigitizeError
from counter_app.digitize.pages import (
    LOCKED,
    MAX_PAGES,
    NOT_A_SCAN,
    Page,
    read_images,
)
from counter_app.digitize.pdf_build import NO_PAGES, build_pdf
from counter_app.domain.calendar import OFFICE_TZ
from tests.digitize.conftest import id_card_photo, save, text_page

AT = datetime(2026, 12, 4, 9, 30, tzinfo=OFFICE_TZ)


def _marked_page(pdf: pikepdf.Pdf, index: int) -> int:
    """Which page number the black block on page `index` of the PDF says."""
    image = pikepdf.PdfImage(next(iter(pdf.pages[index].get_images().values()))).as_pil_image()
    grey = image.convert("L")
    return next(n for n in range(1, 10) if grey.getpixel((150 + 150 * n, 150)) < 128)


def test_three_files_make_one_pdf_in_order_at_their_size(tmp_path):
    first = save(text_page(1), tmp_path / "trang1.png")
    tiff = tmp_path / "trang2-3.tif"
    text_page(2).save(tiff, dpi=(300, 300), save_all=True, append_images=[text_page(3)])
    pages = read_images([first, tiff])
    assert [p.source for p in pages] == ["trang1.png", "trang2-3.tif#1", "trang2-3.tif#2"]

    data = build_pdf(pages, title="Tờ khai thay đổi thông tin cư trú", at=AT)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 3
        assert [_marked_page(pdf, i) for i in range(3)] == [1, 2, 3]
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
        assert abs(width - 2480 / 300 * 72) < 1 and abs(height - 3508 / 300 * 72) < 1  # A4
        image = next(iter(pdf.pages[0].get_images().values()))
        filters = image.Filter.as_list() if isinstance(image.Filter, pikepdf.Array) \
            else [image.Filter]
        assert filters == [pikepdf.Name.CCITTFaxDecode]  # lossless black and white
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == "Tờ khai thay đổi thông tin cư trú"
        assert meta["xmp:CreateDate"].startswith("2026-12-04T09:30:00")
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFA1 and intent.DestOutputProfile.N == 3
    assert len(data) / 3 <= 60_000  # a black-and-white text page, archived


def test_colour_pages_are_jpeg_and_stay_small(tmp_path):
    card = save(id_card_photo(), tmp_path / "cccd.jpg", quality=95)
    pages = read_images([card], colour=True)
    assert pages[0].colour
    data = build_pdf(pages, title="CCCD", at=AT)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        image = next(iter(pdf.pages[0].get_images().values()))
        assert image.Filter == pikepdf.Name.DCTDecode
        assert image.ColorSpace == pikepdf.Name.DeviceRGB
    assert len(data) <= 300_000


def test_a_scanners_pdf_is_read_back_page_by_page(tmp_path):
    scanned = tmp_path / "may-quet.pdf"
    scanned.write_bytes(build_pdf([Page(text_page(n).convert("1"), 300, f"p{n}")
                                   for n in (1, 2)], title="x", at=AT))
    pages = read_images([scanned])
    assert [p.dpi for p in pages] == [300, 300]
    with pikepdf.open(io.BytesIO(build_pdf(pages, title="y", at=AT))) as pdf:
        assert [_marked_page(pdf, i) for i in range(2)] == [1, 2]


def test_a_password_protected_pdf_is_refused_with_the_reason(tmp_path):
    locked = tmp_path / "khoa.pdf"
    with pikepdf.open(io.BytesIO(build_pdf([Page(text_page(1).convert("1"), 300, "p")],
                                           title="x", at=AT))) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="u"))
    with pytest.raises(DigitizeError) as refused:
        read_images([locked])
    assert refused.value.message == LOCKED.format(name="khoa.pdf")


def test_a_typed_pdf_is_not_a_scan(tmp_path):
    typed = tmp_path / "soan-thao.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name.Helvetica)
    pdf.pages[0].Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    pdf.pages[0].Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (To khai) Tj ET")
    pdf.save(typed)
    with pytest.raises(DigitizeError) as refused:
        read_images([typed])
    assert refused.value.message == NOT_A_SCAN.format(page=1, name="soan-thao.pdf")


@pytest.mark.parametrize("content, expected", [
    (b"\xff\xd8\xff\xe0 not really a jpeg", "Không đọc được tệp hong.jpg"),
    (b"", "Không đọc được tệp hong.jpg"),
])
def test_a_corrupt_image_is_refused_by_name(tmp_path, content, expected):
    broken = tmp_path / "hong.jpg"
    broken.write_bytes(content)
    with pytest.raises(DigitizeError) as refused:
        read_images([broken])
    assert refused.value.message.startswith(expected)


def test_a_page_under_200_dpi_is_refused(tmp_path):
    low = save(text_page(1, size=(1240, 1754)), tmp_path / "mo.png", dpi=150)
    with pytest.raises(DigitizeError) as refused:
        read_images([low])
    assert "chỉ 150 dpi" in refused.value.message and "ít nhất 200 dpi" in refused.value.message


def test_too_many_pages_for_one_component_are_refused_not_half_stored(tmp_path):
    many = tmp_path / "nhieu.tif"
    tiny = Image.new("1", (10, 10), 1)
    tiny.save(many, dpi=(300, 300), save_all=True, append_images=[tiny] * MAX_PAGES)
    with pytest.raises(DigitizeError) as refused:
        read_images([many])
    assert "quá 300 trang" in refused.value.message


def test_nothing_to_store_says_so():
    with pytest.raises(DigitizeError) as refused:
        build_pdf([], title="x", at=AT)
    assert refused.value.message == NO_PAGES
