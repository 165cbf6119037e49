"""QR modules exactly as qrcode's QRCode.make(fit=True) lays them out, built faster.

qrcode picks the mask by placing the data eight times, once per mask, and scoring each
grid cell by cell in Python: about 4 ms a code, most of a new receipt's render. Here the
data is placed once; each mask's grid is that placement with the mask's cells flipped,
one integer per row, and scored with the same four penalty rules (ISO/IEC 18004 8.8.2,
as qrcode counts them) on bit strings. The chosen mask is then laid out by qrcode itself,
so the modules are qrcode's own (tests/printing/test_qr_matrix.py compares them).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import qrcode
import qrcode.constants
import qrcode.util

_RUNS = re.compile(r"0{5,}|1{5,}")  # rule 1: five or more alike in a line
_FINDER_LIKE = re.compile(r"(?=10111010000|00001011101)")  # rule 3, overlapping


class _Placement(qrcode.QRCode[Any]):
    """Notes which cells the data goes into (those still empty when it is placed)."""

    free: list[tuple[int, int]]

    def map_data(self, data: Any, mask_pattern: int) -> None:
        self.free = [(r, c) for r, row in enumerate(self.modules)
                     for c, cell in enumerate(row) if cell is None]
        super().map_data(data, mask_pattern)


def modules(data: str) -> list[list[bool]]:
    """The code's dark (True) and light modules, no quiet zone; error correction M."""
    qr = _Placement(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=0)
    qr.add_data(data)
    qr.best_fit()
    qr.makeImpl(True, 0)  # the test layout qrcode scores: format and version bits light
    base = [_row_bits(row) for row in qr.modules]
    masks = _mask_bits(qr.version, tuple(qr.free))
    scores = [_penalty([b ^ m0 ^ mi for b, m0, mi in zip(base, masks[0], masks[i], strict=True)],
                       len(base)) for i in range(8)]
    qr.makeImpl(False, scores.index(min(scores)))  # first of the lowest, as qrcode picks
    return [[bool(cell) for cell in row] for row in qr.modules]


def _row_bits(row: list[bool | None]) -> int:
    return sum(1 << c for c, dark in enumerate(row) if dark)


@lru_cache(maxsize=8)
def _mask_bits(version: int, free: tuple[tuple[int, int], ...]) -> list[list[int]]:
    """Per mask, per row: the free cells that mask darkens-or-lightens (qrcode's formulas)."""
    size = version * 4 + 17
    out: list[list[int]] = []
    for pattern in range(8):
        flips = qrcode.util.mask_func(pattern)
        rows = [0] * size
        for r, c in free:
            if flips(r, c):
                rows[r] |= 1 << c
        out.append(rows)
    return out


def _penalty(rows: list[int], size: int) -> int:
    # Column c of the grid is bit c of each row; strings read it from the high bit down,
    # which mirrors every row: no rule below depends on the direction of a line.
    across = [format(r, f"0{size}b") for r in rows]
    down = ["".join(col) for col in zip(*across, strict=True)]
    lines = "|".join(across + down)
    runs = _RUNS.findall(lines)
    score = sum(map(len, runs)) - 2 * len(runs)  # each run of n scores n - 2
    pair = (1 << (size - 1)) - 1
    for top, bottom in zip(rows, rows[1:], strict=False):
        same = ~(top ^ (top >> 1)) & ~(bottom ^ (bottom >> 1)) & ~(top ^ bottom) & pair
        score += 3 * same.bit_count()  # rule 2: 2 x 2 blocks of one colour
    score += 40 * len(_FINDER_LIKE.findall(lines))
    dark = sum(r.bit_count() for r in rows)
    percent = float(dark) / (size**2)  # rule 4, with qrcode's own arithmetic
    return score + int(abs(percent * 100 - 50) / 5) * 10
