"""Hand-computed fixtures for every statistics definition (counter_app/domain/stats.py)."""

from datetime import datetime, timedelta

import pytest

from counter_app.domain.stats import Event, counter_idle, over_target, summarise, ticket_times


def t(hm: str) -> datetime:
    h, m = hm.split(":")
    return datetime(2026, 11, 25, int(h), int(m))


def m(minutes: float) -> timedelta:
    return timedelta(minutes=minutes)


def ev(*pairs) -> list[Event]:
    return [Event(kind, t(at), counter) for kind, at, counter in pairs]


def test_plain_ticket():
    r = ticket_times(ev(("issued", "08:00", None), ("called", "08:12", 2),
                        ("started", "08:14", 2), ("finished", "08:29", 2)))
    assert (r.outcome, r.waiting, r.walk, r.service, r.on_site, r.served_at) == \
        ("served", m(12), m(2), m(15), m(29), 2)


def test_recall_does_not_move_the_call():
    r = ticket_times(ev(("issued", "08:00", None), ("called", "08:10", 1),
                        ("recalled", "08:12", 1), ("started", "08:13", 1),
                        ("finished", "08:20", 1)))
    assert (r.waiting, r.walk) == (m(10), m(3))


def test_no_show_then_return_then_recall_the_last_call_counts():
    r = ticket_times(ev(("issued", "08:00", None), ("called", "08:10", 1),
                        ("no_show", "08:15", 1), ("returned", "08:30", 1),
                        ("called", "08:40", 3), ("started", "08:41", 3),
                        ("finished", "08:50", 3)))
    assert (r.waiting, r.walk, r.service, r.on_site, r.served_at) == \
        (m(40), m(1), m(9), m(50), 3)


def test_final_no_show():
    r = ticket_times(ev(("issued", "09:00", None), ("called", "09:20", 1),
                        ("no_show", "09:25", 1)))
    assert (r.outcome, r.waiting, r.walk, r.service, r.on_site) == \
        ("no_show", m(20), None, None, m(25))


def test_transfer_while_serving_adds_both_service_periods():
    r = ticket_times(ev(("issued", "10:00", None), ("called", "10:05", 1),
                        ("started", "10:06", 1), ("transferred", "10:16", 1),
                        ("called", "10:30", 3), ("started", "10:32", 3),
                        ("finished", "10:40", 3)))
    assert r.transferred and r.outcome == "served"
    assert (r.waiting, r.walk, r.service, r.on_site) == (m(5), m(1), m(18), m(40))


def test_ticket_spanning_lunch_counts_elapsed_time():
    r = ticket_times(ev(("issued", "11:20", None), ("called", "13:35", 2),
                        ("started", "13:36", 2), ("finished", "13:50", 2)))
    assert r.waiting == m(135)  # the applicant waited through lunch


def test_cancelled_before_any_call():
    r = ticket_times(ev(("issued", "14:00", None), ("cancelled", "14:01", None)))
    assert (r.outcome, r.waiting, r.on_site) == ("cancelled", None, m(1))


def test_still_waiting():
    r = ticket_times(ev(("issued", "14:00", None)))
    assert (r.outcome, r.waiting, r.on_site) == ("waiting", None, None)


def test_two_returns_the_call_after_the_second_counts():
    r = ticket_times(ev(("issued", "08:00", None), ("called", "08:05", 1),
                        ("no_show", "08:06", 1), ("returned", "08:10", 1),
                        ("called", "08:20", 2), ("no_show", "08:21", 2),
                        ("returned", "08:30", 2), ("called", "08:45", 3),
                        ("started", "08:47", 3), ("finished", "08:55", 3)))
    assert (r.outcome, r.waiting, r.walk, r.service, r.on_site, r.served_at) == \
        ("served", m(45), m(2), m(8), m(55), 3)


def test_returned_then_cancelled_has_no_waiting_time():
    r = ticket_times(ev(("issued", "08:00", None), ("called", "08:10", 1),
                        ("no_show", "08:15", 1), ("returned", "08:20", 1),
                        ("cancelled", "08:40", None)))
    assert (r.outcome, r.waiting, r.walk, r.service, r.on_site, r.transferred) == \
        ("cancelled", None, None, None, m(40), False)


def test_walk_ends_at_the_first_start_after_the_call_that_counts():
    # Served, sent back to the queue by a no-show of the second service, called again:
    # the walk is from the last call to the start after it, service sums both periods.
    r = ticket_times(ev(("issued", "09:00", None), ("called", "09:10", 1),
                        ("started", "09:11", 1), ("no_show", "09:20", 1),
                        ("returned", "09:30", 1), ("called", "09:40", 2),
                        ("started", "09:43", 2), ("finished", "09:50", 2)))
    assert (r.waiting, r.walk, r.service, r.on_site, r.served_at) == \
        (m(40), m(3), m(16), m(50), 2)


def test_events_must_start_with_issue():
    with pytest.raises(ValueError):
        ticket_times(ev(("called", "08:00", 1)))


def test_mean_and_nearest_rank_p90():
    s = summarise([m(x) for x in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)] + [None])
    assert (s.count, s.mean, s.p90) == (10, m(5.5), m(9))
    assert summarise([m(7)]).p90 == m(7)
    assert summarise([None]).count == 0


def test_over_target():
    times = [ticket_times(ev(("issued", "08:00", None), ("called", c, 1))) for c in
             ("08:10", "08:20", "08:21", "08:30")]
    assert over_target(times, m(20)) == 2  # 21 and 30 minutes; exactly 20 is on target


def test_counter_idle_excludes_lunch_and_pauses():
    sessions = [(t("07:00"), t("11:30")), (t("13:30"), t("17:00"))]  # 8 h open
    paused = [(t("09:00"), t("09:30"))]
    serving = [(t("07:10"), t("07:40")), (t("11:20"), t("11:50")),  # 10 min of it at lunch
               (t("09:10"), t("09:20"))]  # served during a pause: not open time
    assert counter_idle(sessions, paused, serving) == m(8 * 60 - 30 - 30 - 10)
