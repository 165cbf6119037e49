"""A rendered picture -> the ESC/POS bytes that print it, byte for byte what python-escpos
sends for it (tests/printing/test_escpos_raster_same.py compares the two).

Raster (`GS v 0`) in fragments: `GS ( L` ("graphics") overflows its 16-bit length at 576
dots with big fragments (docs/printing.md), and cheap printers' receive buffers are small, so
fragments stay around 18 KB whatever the paper width.

The bytes are written here (escpos_commands.raster) rather than by python-escpos's
image(): it converts every fragment through RGBA, grey and an inversion, ~50 ms for a
receipt against ~3 ms, on the path from "save" to the printer. python-escpos still says
what the profile allows (width, cutter) through profiles.py.
"""

from __future__ import annotations

from PIL import Image

from . import escpos_commands as cmd
from .errors import PrinterError
from .profiles import profile_info

FRAGMENT_BYTES = 18 * 1024
MAX_FRAGMENT_ROWS = 2303  # the largest GS v 0 height every Epson model accepts


def fragment_rows(width_dots: int) -> int:
    row_bytes = (width_dots + 7) // 8
    return max(1, min(MAX_FRAGMENT_ROWS, FRAGMENT_BYTES // row_bytes))


def raster_bytes(
    image: Image.Image, *, cut: bool = True, feed_lines: int = 3, profile: str = "default"
) -> bytes:
    """ESC @, the picture (mode "1", as render_raster draws it) as GS v 0 fragments,
    ESC d feed_lines, and a cut if the profile has a cutter (POS-5890 class printers have
    none: feed only)."""
    if not 0 <= feed_lines <= 255:
        raise ValueError(f"feed_lines out of range: {feed_lines}")
    info = profile_info(profile)
    if info.width_dots is not None and image.width > info.width_dots:
        raise PrinterError(
            "config",
            f"Khổ in {image.width} điểm rộng hơn khổ của máy {profile} ({info.width_dots} điểm).",
        )
    out = cmd.INIT + cmd.raster(image, fragment_rows(image.width))
    if feed_lines:
        out += cmd.feed_lines(feed_lines)
    if cut and info.cuts:
        # GS V 66 0: feed to the cutter then partial cut; unlike GS V 0 it does not leave
        # the last centimetres of the receipt on the next one.
        out += cmd.cut()
    return out
