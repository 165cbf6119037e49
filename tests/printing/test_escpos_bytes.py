import numpy as np
import pytest
import zxingcpp
from PIL import Image

from printing.errors import PrinterError
from printing.escpos_raster import raster_bytes
from tests.printing.escpos_decode import decode

ALLOWED = {"init", "raster", "feed_lines", "cut"}


@pytest.fixture(scope="module")
def streams(demo_images):
    return {
        (576, "default"): raster_bytes(demo_images[576]),
        (384, "default"): raster_bytes(demo_images[384]),
        (384, "POS-5890"): raster_bytes(demo_images[384], profile="POS-5890"),
        (576, "TM-T20II"): raster_bytes(demo_images[576], profile="TM-T20II"),
    }


@pytest.mark.parametrize("key", [(576, "default"), (384, "default"), (384, "POS-5890")])
def test_bytes_decode_back_to_the_rendered_picture(streams, demo_images, key):
    width, _ = key
    decoded = decode(streams[key])
    assert set(decoded.names()) <= ALLOWED
    assert decoded.names()[0] == "init"
    assert decoded.width_dots == width
    picture = decoded.image()
    assert picture.size == demo_images[width].size
    assert picture.tobytes() == demo_images[width].tobytes()


@pytest.mark.parametrize("width", [576, 384])
def test_qr_read_back_from_the_paper_is_exactly_the_tracking_url(streams, demo, width):
    picture = decode(streams[(width, "default")]).image().convert("L")
    codes = zxingcpp.read_barcodes(picture)
    assert [c.text for c in codes] == [demo.tracking_url]
    assert codes[0].format == zxingcpp.BarcodeFormat.QRCode


def test_qr_at_three_dots_per_module_still_reads_on_58mm(demo):
    from printing.layout import QrCode
    from printing.render_raster import render_raster

    stream = raster_bytes(render_raster([QrCode(demo.tracking_url, module_dots=3)], 384))
    codes = zxingcpp.read_barcodes(decode(stream).image().convert("L"))
    assert [c.text for c in codes] == [demo.tracking_url]


@pytest.mark.parametrize("key", [(576, "default"), (384, "POS-5890"), (576, "TM-T20II")])
def test_fragments_stay_within_the_16_bit_limits(streams, key):
    decoded = decode(streams[key])
    assert len(decoded.rasters) > 1  # the receipt is long enough to need several
    for raster in decoded.rasters:
        assert raster.mode == 0  # normal density: 1 dot = 1 pixel
        assert raster.width_bytes <= 0xFFFF and raster.height <= 2303
        # graphics-style length (data + header) must also fit the 16-bit fields
        assert raster.data_length + 10 <= 0xFFFF
    assert "graphics" not in decoded.names()


def test_cut_only_when_the_profile_has_a_cutter(streams):
    assert decode(streams[(576, "default")]).has_cut
    assert decode(streams[(576, "TM-T20II")]).has_cut
    no_cutter = decode(streams[(384, "POS-5890")])
    assert not no_cutter.has_cut
    assert no_cutter.commands[-1] == ("feed_lines", (3,))


def test_feed_and_cut_at_the_end(streams):
    names = decode(streams[(576, "default")]).names()
    assert names[-2:] == ["feed_lines", "cut"]


def test_cut_and_feed_can_be_turned_off():
    image = Image.new("1", (576, 10), 1)
    decoded = decode(raster_bytes(image, cut=False, feed_lines=0))
    assert decoded.names() == ["init", "raster"]
    assert not np.asarray(decoded.image().convert("L")).min() == 0  # all white


def test_picture_wider_than_the_printer_is_refused():
    with pytest.raises(PrinterError) as err:
        raster_bytes(Image.new("1", (576, 10), 1), profile="TM-T88V")  # 512 dots
    assert err.value.reason_code == "config"


def test_unknown_profile_is_a_config_error():
    with pytest.raises(PrinterError) as err:
        raster_bytes(Image.new("1", (384, 10), 1), profile="NO-SUCH-PRINTER")
    assert err.value.reason_code == "config"


def test_no_stdout_noise_for_profiles_without_width(capsys):
    raster_bytes(Image.new("1", (576, 3000), 1))
    assert capsys.readouterr().out == ""
