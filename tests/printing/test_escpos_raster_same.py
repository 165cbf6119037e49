"""raster_bytes writes, byte for byte, what python-escpos's image() sends for a picture."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from printing.escpos_raster import fragment_rows, raster_bytes

PROFILES = {"default": 576, "POS-5890": 384, "TM-T20II": 576, "TM-T88V": 512}


def _python_escpos(image, *, cut=True, feed_lines=3, profile="default"):
    """What printing sent through python-escpos before it wrote the bytes itself."""
    from escpos.printer import Dummy

    printer = Dummy(profile=profile)
    data = printer.profile.profile_data
    if not isinstance(data.get("media", {}).get("width", {}).get("pixels"), int):
        media = {**data.get("media", {}), "width": {"pixels": image.width}}
        printer.profile.profile_data = {**data, "media": media}
    printer.hw("INIT")
    printer.image(image, impl="bitImageRaster", fragment_height=fragment_rows(image.width),
                  center=False)
    if feed_lines:
        printer.print_and_feed(feed_lines)
    features = printer.profile.profile_data.get("features", {})
    if cut and (features.get("paperFullCut") or features.get("paperPartCut")):
        printer.cut(feed=False)
    return printer.output


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_rendered_documents_are_sent_as_python_escpos_sends_them(profile, demo):
    from printing.documents.receipt import receipt_layout
    from printing.documents.ticket import demo_ticket, ticket_layout
    from printing.render_raster import render_raster

    width = PROFILES[profile]
    for blocks in (receipt_layout(demo), ticket_layout(demo_ticket())):
        image = render_raster(blocks, width)
        for cut, feed in ((True, 3), (False, 0), (True, 0), (False, 7)):
            ours = raster_bytes(image, cut=cut, feed_lines=feed, profile=profile)
            assert ours == _python_escpos(image, cut=cut, feed_lines=feed, profile=profile)


@given(width=st.integers(1, 576), height=st.integers(1, 700), seed=st.integers(0, 2**32 - 1),
       profile=st.sampled_from(["default", "TM-T20II"]))
@settings(max_examples=30, deadline=None)
def test_any_picture_gives_python_escpos_bytes(width, height, seed, profile):
    dots = np.random.default_rng(seed).random((height, width)) < 0.4
    picture = Image.fromarray(np.where(dots, 0, 255).astype(np.uint8), "L").convert("1")
    assert raster_bytes(picture, profile=profile) == _python_escpos(picture, profile=profile)
