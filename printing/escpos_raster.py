"""A rendered picture -> the ESC/POS bytes that print it, exactly as python-escpos sends them.

Raster (`GS v 0`) in fragments: `GS ( L` ("graphics") overflows its 16-bit length at 576
dots with big fragments (docs/printing.md), and cheap printers' receive buffers are small, so
fragments stay around 18 KB whatever the paper width.
"""

from __future__ import annotations

from PIL import Image

from . import escpos_lib

FRAGMENT_BYTES = 18 * 1024
MAX_FRAGMENT_ROWS = 2303  # the largest GS v 0 height every Epson model accepts


def fragment_rows(width_dots: int) -> int:
    row_bytes = (width_dots + 7) // 8
    return max(1, min(MAX_FRAGMENT_ROWS, FRAGMENT_BYTES // row_bytes))


def raster_bytes(
    image: Image.Image, *, cut: bool = True, feed_lines: int = 3, profile: str = "default"
) -> bytes:
    """ESC @, the picture as GS v 0 fragments, ESC d feed_lines, and a cut if the profile
    has a cutter (POS-5890 class printers have none: feed only)."""
    if not 0 <= feed_lines <= 255:
        raise ValueError(f"feed_lines out of range: {feed_lines}")
    printer = escpos_lib.dummy_printer(profile, image.width)
    printer.hw("INIT")
    printer.image(
        image,
        impl="bitImageRaster",
        fragment_height=fragment_rows(image.width),
        center=False,
    )
    if feed_lines:
        printer.print_and_feed(feed_lines)
    if cut and escpos_lib.profile_cuts(printer):
        # GS V 66 0: feed to the cutter then partial cut; unlike GS V 0 it does not leave
        # the last centimetres of the receipt on the next one.
        printer.cut(feed=False)
    return printer.output
