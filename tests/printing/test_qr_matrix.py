"""Our mask choice is qrcode's: the modules are exactly what QRCode.make(fit=True) lays out."""

import random

import pytest
import qrcode
import qrcode.constants
import qrcode.util
from hypothesis import given, settings
from hypothesis import strategies as st

from printing.qr_matrix import _penalty, _row_bits, modules


def _qrcode(data):
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=0)
    qr.add_data(data)
    qr.make(fit=True)
    return [[bool(cell) for cell in row] for row in qr.get_matrix()]


@pytest.mark.parametrize("data", [
    "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=H01.22-241126-0001",
    "H01.22-241126-0001|1.001193|001190012345|Giấy tiếp nhận hồ sơ|20261124140500",
    "1", "A" * 300, "0123456789" * 40, "ưởng đường " * 30,
])
def test_modules_are_qrcodes_own(data):
    assert modules(data) == _qrcode(data)


@given(st.text(min_size=1, max_size=400))
@settings(max_examples=80, deadline=None)
def test_any_text_gives_qrcodes_modules(data):
    assert modules(data) == _qrcode(data)


@pytest.mark.parametrize("size", [21, 25, 33, 57, 93])
def test_penalty_scores_any_grid_as_qrcode_does(size):
    rng = random.Random(size)
    for density in (0.1, 0.5, 0.9):
        grid = [[rng.random() < density for _ in range(size)] for _ in range(size)]
        assert _penalty([_row_bits(row) for row in grid], size) == qrcode.util.lost_point(grid)


def test_penalty_counts_each_rule():
    size = 21
    light = [[False] * size for _ in range(size)]
    # all light: every line one run of 21 (42 lines × 19), 20 × 20 blocks, finder-like
    # patterns nowhere, 100 % light (rating 10 → 100)
    assert _penalty([_row_bits(r) for r in light], size) == 42 * 19 + 3 * 400 + 100
    assert qrcode.util.lost_point(light) == 42 * 19 + 3 * 400 + 100
