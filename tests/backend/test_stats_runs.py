"""Figures over sorted runs (backend/stats/runs.py) equal the same figures over the runs
merged into one sorted list, whatever the values: negatives, zeros, ties, empty runs."""

from __future__ import annotations

import bisect
import math
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.stats import runs
from counter_app.domain.stats import summarise_sorted, waiting_histogram, waiting_histogram_of

# Any float a sum cannot overflow with (fsum of two values near 1e308 does, merged or not).
finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)
# Durations as stored: seconds to the microsecond, often tied, sometimes huge.
seconds = st.one_of(finite, st.integers(0, 10**6).map(lambda us: us / 10**6 * 3600),
                    st.sampled_from([0.0, 1.5, 60.0, 1200.0]))
some_runs = st.lists(st.lists(seconds, max_size=40).map(sorted), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(some_runs, st.data())
def test_every_rank_count_and_sum_as_if_merged(parts, data):
    merged = sorted(v for r in parts for v in r)
    stored = [array("d", r) if i % 2 else r for i, r in enumerate(parts)]  # both kinds
    assert runs.count(stored) == len(merged)
    assert runs.total(stored) == math.fsum(merged)
    for k in range(len(merged)):
        assert runs.kth(stored, k) == merged[k]
    x = data.draw(st.one_of(seconds, st.sampled_from(merged or [0.0])))
    assert runs.below(stored, x) == bisect.bisect_left(merged, x)
    assert runs.above(stored, x) == len(merged) - bisect.bisect_right(merged, x)
    expected = summarise_sorted(merged).p90_s
    assert runs.p90(stored) == expected
    compacted = runs.compact(stored)
    assert all(list(r) == sorted(r) for r in compacted)
    assert sorted(v for r in compacted for v in r) == merged
    assert runs.p90(compacted) == expected


def test_many_short_runs_are_merged_and_long_ones_kept():
    assert len(runs.compact([[float(i)] for i in range(100)])) == 1
    assert len(runs.compact([[float(i)] * 2 for i in range(20)])) == 1  # few values
    long = [sorted(float(i * j % 977) for j in range(1000)) for i in range(12)]
    assert runs.compact(long) == long


def test_the_p90_is_the_nearest_rank_of_all_the_runs():
    parts = [[1.0, 2.0, 3.0], [], [4.0, 5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0]]
    assert runs.p90(parts) == 10.0  # ceil(0.9 × 11) = 10th smallest
    assert runs.kth(parts, 0) == 1.0 and runs.kth(parts, 10) == 11.0
    assert runs.p90([[], []]) is None
    with pytest.raises(IndexError):
        runs.kth(parts, 11)


def test_a_zero_is_returned_as_stored():
    assert math.copysign(1, runs.kth([[0.0, 0.0], [0.0]], 1)) == 1


@settings(max_examples=200, deadline=None)
@given(some_runs)
def test_the_waiting_histogram_from_runs(parts):
    merged = [v for r in parts for v in r]
    got = waiting_histogram_of(lambda s: runs.below(parts, s), runs.count(parts))
    assert got == waiting_histogram(merged)
