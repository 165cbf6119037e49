"""Figures over values kept as several sorted runs (a stored day's durations each, or one
group's), without merging them into one sorted list.

A year by month is 365 days × 4 durations: merging and re-merging them by month and for
the totals took a quarter of the report. What the figures need does not depend on the
merge: a count, an exact sum (math.fsum rounds the exact sum once, whatever the order),
counts below or above a bound (a bisect per run), and the nearest-rank 90th percentile,
which `kth` selects across the runs.
"""

from __future__ import annotations

import bisect
import itertools
import math
import struct
from collections.abc import Sequence

Run = Sequence[float]  # ascending, no None

_FLOAT, _BITS = struct.Struct("<d"), struct.Struct("<Q")
_SIGN = 1 << 63


def count(runs: Sequence[Run]) -> int:
    return sum(map(len, runs))


def total(runs: Sequence[Run]) -> float:
    return math.fsum(itertools.chain.from_iterable(runs))


def below(runs: Sequence[Run], x: float) -> int:
    """How many values are < x."""
    return sum(map(bisect.bisect_left, runs, itertools.repeat(x)))


def above(runs: Sequence[Run], x: float) -> int:
    """How many values are > x."""
    return count(runs) - sum(map(bisect.bisect_right, runs, itertools.repeat(x)))


def _rank(x: float) -> int:
    """Integers in the order of the floats (IEEE 754 bits, negatives mirrored)."""
    bits = _BITS.unpack(_FLOAT.pack(x))[0]
    return bits if bits < _SIGN else -1 - (bits - _SIGN)


def _unrank(r: int) -> float:
    return _FLOAT.unpack(_BITS.pack(r if r >= 0 else (-1 - r) | _SIGN))[0]


def kth(runs: Sequence[Run], k: int) -> float:
    """The value at index k (from 0) of all the runs merged and sorted.

    The smallest float v with more than k values <= v is that value: found by halving the
    range of floats between the smallest and the largest value (at most 64 steps of one
    bisect per run), whatever the values, without building the merged list.
    """
    runs = [r for r in runs if len(r)]
    if not 0 <= k < count(runs):
        raise IndexError(k)
    if len(runs) == 1:
        return runs[0][k]
    lo, hi = _rank(min(r[0] for r in runs)), _rank(max(r[-1] for r in runs))
    while lo < hi:
        mid = (lo + hi) // 2
        if sum(map(bisect.bisect_right, runs, itertools.repeat(_unrank(mid)))) > k:
            hi = mid
        else:
            lo = mid + 1
    v = _unrank(lo)
    for r in runs:  # the stored value itself (0.0 rather than an equal -0.0)
        i = bisect.bisect_left(r, v)
        if i < len(r) and r[i] == v:
            return r[i]
    raise AssertionError("kth: no value found")  # unreachable for numbers (NaN aside)


def compact(runs: Sequence[Run]) -> list[Run]:
    """The runs, or one merged run when merging costs less than selecting across them:
    `kth` takes up to 64 steps of a bisect per run, a merge log2(runs) comparisons per
    value. So a day's few thousand values, or many short runs, are merged; a year's ~250
    open days of ~1,400 values each are not."""
    n = count(runs)
    if len(runs) > 1 and (n < 4096 or n < 32 * len(runs)):
        return [sorted(itertools.chain.from_iterable(runs))]
    return list(runs)


def p90(runs: Sequence[Run]) -> float | None:
    """Nearest rank, as counter_app/domain/stats.py summarise_sorted."""
    n = count(runs)
    return kth(runs, math.ceil(0.9 * n) - 1) if n else None
