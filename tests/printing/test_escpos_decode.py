"""The decoder itself must be right before it can judge anything else."""

import pytest

from tests.printing.escpos_decode import DecodeError, decode


def test_hand_made_stream_round_trips():
    # 16 dots wide, 2 rows: first row left half black, second row last dot black.
    stream = (
        b"\x1b@"
        + b"\x1dv0\x00\x02\x00\x02\x00"
        + b"\xff\x00"
        + b"\x00\x01"
        + b"\x1bd\x03"
        + b"\n"
        + b"\x1dVB\x00"
    )
    d = decode(stream)
    assert d.names() == ["init", "raster", "feed_lines", "LF", "cut"]
    assert d.width_dots == 16
    img = d.image()
    assert img.size == (16, 2)
    assert [img.getpixel((x, 0)) for x in (0, 7, 8, 15)] == [0, 0, 255, 255]
    assert [img.getpixel((x, 1)) for x in (0, 14, 15)] == [255, 255, 0]


@pytest.mark.parametrize(
    "stream",
    [
        b"\x1b@hello",  # text is not part of a raster job
        b"\x1dv0\x00\x02\x00\x05\x00\xff",  # data shorter than the header says
        b"\x1d(L\x02\x000p",  # GS ( L: not expected here
        b"\x1dV\x07",
    ],
)
def test_rejects_what_it_does_not_understand(stream):
    with pytest.raises(DecodeError):
        decode(stream)
