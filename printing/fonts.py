"""Fonts for the raster renderer, loaded once per (size, weight) and shared.

Loading a TrueType face costs about a millisecond and a receipt uses a handful of sizes;
the cache keeps every later render free of file I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

import resources

from .layout import Size

# Capitals with stacked marks (Ễ, Ẫ) rise above the font's nominal ascent; measuring them
# keeps a line's marks from touching the descenders of the line above.
_PROBE = "ỄẪẴỖỮÁÀẢÃẠgjpqyỵỹ|"

# Font pixel sizes per named size, for 80 mm (≥ 512 dots) and 58 mm paper.
_WIDE = {"small": 21, "normal": 24, "large": 30, "huge": 42, "giant": 110}
_NARROW = {"small": 18, "normal": 20, "large": 24, "huge": 32, "giant": 84}


@dataclass(frozen=True)
class Face:
    font: ImageFont.FreeTypeFont
    ascent: int  # baseline distance from the top of the line
    line_height: int
    space: float  # advance of one space


def pixel_size(size: Size, width_dots: int) -> int:
    return (_WIDE if width_dots >= 512 else _NARROW)[size]


@lru_cache(maxsize=32)
def face(px: int, bold: bool = False) -> Face:
    # BASIC layout: NFC Vietnamese needs no shaping, and it is faster and identical on
    # every machine whether or not libraqm is installed.
    font = ImageFont.truetype(
        str(resources.font(bold=bold)), px, layout_engine=ImageFont.Layout.BASIC
    )
    # FreeType answers whole pixels; Pillow's annotation says float for other fonts.
    _, top, _, bottom = (int(v) for v in font.getbbox(_PROBE, mode="1", anchor="ls"))
    leading = max(2, px // 8)
    return Face(
        font=font,
        ascent=-top + leading // 2,
        line_height=bottom - top + leading,
        space=font.getlength(" ", mode="1"),
    )
