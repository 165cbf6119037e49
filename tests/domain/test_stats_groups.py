"""Grouping helpers of counter_app/domain/stats.py, hand-computed."""

from datetime import timedelta

from counter_app.domain.stats import (
    MANY_PROCEDURES_KEY,
    clamp_hour,
    procedure_of,
    summarise,
    summarise_seconds,
    waiting_histogram,
)


def test_seconds_summary_matches_the_timedelta_one():
    values = [60.0 * x for x in (3, 1, 10, 7, 2, 9, 4, 8, 6, 5)]
    s = summarise_seconds(values + [None])
    td = summarise([timedelta(seconds=v) for v in values])
    assert (s.count, s.mean_s, s.p90_s) == (10, 330.0, 540.0)
    assert (td.mean.total_seconds(), td.p90.total_seconds()) == (s.mean_s, s.p90_s)


def test_seconds_summary_of_nothing_and_of_one():
    assert summarise_seconds([None]) == summarise_seconds([]) and \
        summarise_seconds([]).count == 0 and summarise_seconds([]).p90_s is None
    assert summarise_seconds([42.0]).p90_s == 42.0


def test_p90_of_eleven_is_the_tenth_value():
    # ceil(0.9 × 11) = 10: the 10th smallest, never an interpolation
    assert summarise_seconds(list(range(1, 12))).p90_s == 10


def test_histogram_buckets_are_half_open_and_end_with_60_plus():
    h = waiting_histogram([0, 299.9, 300, 3599, 3600, 9000, None])
    assert h[0] == (0, 5, 2) and h[1] == (5, 10, 1)
    assert h[11] == (55, 60, 1) and h[12] == (60, None, 2)
    assert len(h) == 13 and sum(c for _, _, c in h) == 6


def test_hours_outside_office_time_are_clamped():
    assert [clamp_hour(h) for h in (6, 7, 12, 17, 18)] == [7, 7, 12, 17, 17]


def test_a_ticket_counts_under_one_procedure_or_none():
    assert procedure_of([]) is None  # no dossier: the row not grouped
    assert procedure_of(["1.001193", "1.001193"]) == "1.001193"  # two dossiers, one ticket
    assert procedure_of(["1.001193", "1.003003"]) == MANY_PROCEDURES_KEY
