"""QR codes as 1-bit pictures, with a module size a phone reads off thermal paper."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image

from . import qr_matrix

QUIET_MODULES = 4  # the standard's quiet zone; phones fail more often with less


def min_module_dots(width_dots: int) -> int:
    # 4 dots = 0.5 mm at 203 dpi scans reliably; 58 mm paper cannot always afford it.
    return 4 if width_dots >= 512 else 3


@lru_cache(maxsize=16)
def _matrix_image(data: str) -> Image.Image:
    """One pixel per module, no quiet zone; cached because a receipt is often reprinted."""
    matrix = qr_matrix.modules(data)
    n = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    return Image.frombytes("L", (n, n), pixels).convert("1")


def module_dots_for(data: str, width_dots: int, target_fraction: float) -> int:
    total = _matrix_image(data).width + 2 * QUIET_MODULES
    module = max(min_module_dots(width_dots), int(width_dots * target_fraction) // total)
    module = min(module, width_dots // total)
    if module < 3:
        # 2 dots (0.25 mm) is below what phone cameras read off thermal paper.
        raise ValueError(f"QR data too long for {width_dots} dots: {len(data)} characters")
    return module


def qr_image(data: str, module_dots: int) -> Image.Image:
    """The code with its quiet zone, module_dots per module, mode "1"."""
    core = _matrix_image(data)
    side = core.width * module_dots
    scaled = core.resize((side, side), Image.Resampling.NEAREST)
    quiet = QUIET_MODULES * module_dots
    out = Image.new("1", (side + 2 * quiet, side + 2 * quiet), 1)
    out.paste(scaled, (quiet, quiet))
    return out
