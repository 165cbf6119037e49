import numpy as np
import pytest
import zxingcpp
from PIL import Image

from printing.codepages import codec
from printing.documents.printer_test import demo_printer_test, printer_test_layout
from printing.documents.receipt import demo_receipt, receipt_layout
from printing.layout import QrCode, Text
from printing.render_raster import render_raster
from printing.render_text import TextOptions, render_text
from printing.service import build_job
from tests.printing.escpos_decode import decode
from tests.printing.text_paper import assert_fits, assert_one_code_page, printed_lines
from tests.printing.vietnamese import ALL_LETTERS, LOWER

ROUTES = [("cp1258", 52), ("tcvn3", 30)]


def _options(route="cp1258", page=52, columns=48, dots=576, native=True, cut=True):
    return TextOptions(codec(route, page), columns, dots, native, cut)


def _page(route, page, columns, dots):
    data = demo_printer_test(route, f"ESC t {page}", dots, columns)
    return render_text(printer_test_layout(data), _options(route, page, columns, dots))


@pytest.mark.parametrize(("columns", "dots"), [(48, 576), (42, 512), (32, 384)])
def test_cp1258_test_page_prints_every_letter_as_text(columns, dots):
    decoded, lines = printed_lines(_page("cp1258", 52, columns, dots))
    assert_one_code_page(decoded, 52)
    assert_fits(decoded, lines, columns)
    assert decoded.pictures == []  # nothing needed the picture fallback
    letters = set("".join(lines))
    assert set(ALL_LETTERS) <= letters


def test_tcvn3_test_page_prints_toned_capitals_as_pictures():
    decoded, lines = printed_lines(_page("tcvn3", 30, 48, 576))
    assert_one_code_page(decoded, 30)
    assert_fits(decoded, lines, 48)
    assert set(LOWER + "ĂÂÊÔƠƯĐ") <= set("".join(lines))
    assert not set("ẤỘỄ") & set("".join(lines))
    # The capital lines with tone marks arrive as pictures exactly as wide as the paper.
    assert decoded.pictures and all(p.shape[1] == 576 for p in decoded.pictures)


@pytest.mark.parametrize(("route", "page"), ROUTES)
@pytest.mark.parametrize(("columns", "dots"), [(48, 576), (32, 384)])
def test_receipt_text_decodes_to_the_data(route, page, columns, dots):
    data = demo_receipt()
    stream = render_text(receipt_layout(data), _options(route, page, columns, dots))
    decoded, lines = printed_lines(stream)
    assert_one_code_page(decoded, page)
    assert_fits(decoded, lines, columns)
    text = "\n".join(lines)
    for needle in ("Nguyễn Thị Hoa", "(5) Thời gian trả kết quả:", "Giấy chứng sinh"):
        assert needle in text
    if route == "cp1258":  # TCVN-3 prints the signature row (capitals with tones) as a picture
        assert "Trần Văn Bình" in text and "(Ký và ghi rõ" in text
    joined = text.replace("\n", " ")
    assert data.dossier_code in joined
    [qr] = decoded.qr_codes
    assert qr.data.decode() == data.tracking_url and qr.model == 50 and qr.level == 49
    assert decoded.names()[-2:] == ["feed_lines", "cut"]


def test_dossier_code_steps_down_a_size_to_stay_on_one_line():
    code = demo_receipt().dossier_code  # 18 characters
    wide = decode(render_text([Text(code, size="huge", fit=True)], _options()))
    narrow = decode(render_text([Text(code, size="huge", fit=True)], _options(columns=32, dots=384)))
    assert [(line.width, line.height) for line in wide.lines] == [(2, 2)]
    assert [(line.width, line.height) for line in narrow.lines] == [(1, 2)]


def test_qr_without_native_support_is_a_picture_that_scans():
    url = demo_receipt().tracking_url
    stream = render_text([QrCode(url)], _options(columns=32, dots=384, native=False))
    decoded = decode(stream)
    assert decoded.qr_codes == [] and "qr" not in decoded.names()
    [picture] = decoded.pictures
    assert picture.shape[1] == 384
    image = Image.fromarray(np.where(picture, 0, 255).astype(np.uint8), "L")
    assert [c.text for c in zxingcpp.read_barcodes(image)] == [url]


def test_picture_fallback_is_exactly_the_raster_rendering():
    block = Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    decoded = decode(render_text([block], _options("tcvn3", 30)))
    [picture] = decoded.pictures
    expected = ~np.asarray(render_raster([block], 576))
    assert np.array_equal(picture, expected)


@pytest.mark.parametrize(("profile", "dots"), [("POS-5890", 384), ("NT-5890K", 384)])
def test_58mm_clones_get_no_qr_command_and_no_cut(profile, dots):
    job = build_job("receipt", "t", receipt_layout(demo_receipt()), width_dots=dots,
                    profile=profile, route="cp1258")
    decoded = decode(job.data)
    assert decoded.code_pages == [94]  # the clone's CP1258 page, from the profile
    assert "qr" not in decoded.names() and not decoded.has_cut
    assert job.approximate_preview and job.image.width == dots
    reads = zxingcpp.read_barcodes(decoded.image().convert("L"))
    assert [c.text for c in reads] == [demo_receipt().tracking_url]


def test_text_receipt_is_small_with_native_qr():
    job = build_job("receipt", "t", receipt_layout(demo_receipt()), width_dots=576,
                    profile="TM-T20II", route="cp1258")
    assert len(job.data) < 2.5 * 1024  # complete form 01 (see the benchmark for the figure)
    assert decode(job.data).code_pages == [52]


@pytest.mark.parametrize(("route", "page"), ROUTES)
def test_no_mode_command_repeats_the_printers_state(route, page):
    """Every byte counts on a serial link: ESC @ gives font A, 1x1, not bold, left, and
    after it each ESC a / ESC E / GS ! changes something."""
    stream = render_text(receipt_layout(demo_receipt()), _options(route, page))
    decoded = decode(stream)
    assert "print_mode" not in decoded.names()
    state = {"align": (0,), "bold": (0,), "char_size": (1, 1)}
    for name, args in decoded.commands:
        if name == "init":
            state = {"align": (0,), "bold": (0,), "char_size": (1, 1)}
        elif name in state:
            assert args != state[name], (name, args)
            state[name] = args


def test_a_full_width_rule_keeps_the_alignment_a_short_one_is_centred():
    from printing.layout import Rule

    blocks = [Text("trái"), Rule(), Text("phải", align="right"), Rule(), Rule(fraction=0.5)]
    decoded = decode(render_text(blocks, _options()))
    left, right = (codec("cp1258", 52).encode(t) for t in ("trái", "phải"))
    assert [(line.raw, line.align) for line in decoded.lines] == [
        (left, 0), (b"-" * 48, 0), (right, 2), (b"-" * 48, 2), (b"-" * 24, 1)]
