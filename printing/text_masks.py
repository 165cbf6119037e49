"""Text runs drawn once and kept, for the raster renderer.

FreeType loads, hints and rasterises every glyph of a string three times per draw (layout,
bounding box, bitmap): about 7 µs a letter, most of a receipt's render time. Much of a
receipt is the same from one dossier to the next (office, headings, labels, the documents
of a procedure, the clerk's name), so each run's picture is kept by (font, text) and
stamped where it goes.

The picture is exactly what ImageDraw.text would draw at an integer position: the same
getmask2 bitmap at the same offset (tests/printing/test_text_masks.py compares them).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import ImageDraw, ImageFont

from .wrap import advance

Font = ImageFont.FreeTypeFont

# A day of receipts uses a few thousand distinct runs; a mask is ~1-3 KB.
_MASKS = 4096


@lru_cache(maxsize=_MASKS)
def _mask(font: Font, text: str) -> tuple[Any, int, int]:
    # The very call ImageDraw.text makes for a run at an integer position.
    mask, (left, top) = font.getmask2(text, mode="1", anchor="ls")
    return mask, left, top


def draw_run(draw: ImageDraw.ImageDraw, x: int, baseline: int, text: str, font: Font) -> None:
    """draw.text((x, baseline), text, font=font, fill=0, anchor="ls") with fontmode "1",
    from the kept picture of the run."""
    mask, left, top = _mask(font, text)
    core = draw.draw  # ImageDraw.text draws its mask through the same core call
    core.draw_bitmap((x + left, baseline + top), mask, core.draw_ink(0))


def forget() -> None:
    """Empty the kept runs and measured widths (benchmarks timing a first render)."""
    _mask.cache_clear()
    advance.cache_clear()
