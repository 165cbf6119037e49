"""Queue rules as tables: numbers, transitions, transfer, calling order, waiting ahead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.queue import (
    QueueRuleError,
    Strategy,
    calling_order,
    check_transfer,
    normal_streak,
    ticket_number,
    transition,
    validate_band,
    validate_prefix,
    waiting_ahead,
)

T0 = datetime(2026, 11, 24, 8, 0)


@dataclass(frozen=True)
class W:
    name: str
    minute: int
    priority: bool = False


def order(items: list[W], strategy: Strategy, streak: int = 0) -> str:
    return " ".join(t.name for t in calling_order(
        items, strategy, streak=streak, is_priority=lambda t: t.priority,
        issued_at=lambda t: T0 + timedelta(minutes=t.minute), tiebreak=lambda t: t.name))


N = lambda name, m: W(name, m)  # noqa: E731
P = lambda name, m: W(name, m, True)  # noqa: E731


@pytest.mark.parametrize(("prefix", "start", "end", "seq", "cap", "number"), [
    ("A", 1, 999, 1, None, "A001"),
    ("A", 1, 999, 15, None, "A015"),
    ("B", 100, 999, 1, None, "B100"),
    ("CD", 1, 9999, 42, None, "CD0042"),
    ("A", 1, 999, 300, 300, "A300"),
])
def test_ticket_number(prefix, start, end, seq, cap, number):
    assert ticket_number(prefix, start, end, seq, cap) == number


@pytest.mark.parametrize(("start", "end", "seq", "cap", "code"), [
    (1, 999, 301, 300, "cap"),
    (1, 999, 1000, None, "band"),
    (990, 999, 11, None, "band"),
    (1, 999, 0, None, "seq"),
])
def test_ticket_number_refusals(start, end, seq, cap, code):
    with pytest.raises(QueueRuleError) as e:
        ticket_number("A", start, end, seq, cap)
    assert e.value.code == code


@pytest.mark.parametrize(("prefix", "ok"), [("a", "A"), (" B ", "B"), ("AB", "AB"),
                                           ("ABC", None), ("1", None), ("", None), ("Đ", None)])
def test_prefix(prefix, ok):
    if ok is None:
        with pytest.raises(QueueRuleError):
            validate_prefix(prefix)
    else:
        assert validate_prefix(prefix) == ok


@pytest.mark.parametrize(("start", "end", "cap"), [(0, 10, None), (10, 5, None), (1, 10000, None),
                                                   (1, 999, 0)])
def test_band_refusals(start, end, cap):
    with pytest.raises(QueueRuleError):
        validate_band(start, end, cap)


TRANSITIONS = [
    # status, action, result (None = refused)
    ("waiting", "call", "called"),
    ("called", "call", None),
    ("called", "recall", "called"),
    ("waiting", "recall", None),
    ("called", "start", "serving"),
    ("waiting", "start", None),
    ("serving", "finish", "done"),
    ("called", "finish", None),
    ("called", "no_show", "no_show"),
    ("serving", "no_show", None),
    ("no_show", "return", "waiting"),
    ("no_show", "recall", None),
    ("done", "return", None),
    ("waiting", "return", None),
    ("waiting", "transfer", "waiting"),
    ("called", "transfer", "waiting"),
    ("serving", "transfer", "waiting"),
    ("done", "transfer", None),
    ("no_show", "transfer", None),
    ("waiting", "cancel", "cancelled"),
    ("no_show", "cancel", "cancelled"),
    ("called", "cancel", None),
    ("cancelled", "call", None),
    ("done", "finish", None),
]


@pytest.mark.parametrize(("status", "action", "result"), TRANSITIONS)
def test_transitions(status, action, result):
    if result is None:
        with pytest.raises(QueueRuleError) as e:
            transition(status, action)
        assert e.value.code == "status" and "Không thể" in str(e.value)
    else:
        assert transition(status, action) == result


TRANSFERS = [
    # status, to_service, to_counter, current_counter, active, counter_state, refusal code
    ("serving", "DD", None, 1, True, None, None),
    ("waiting", "DD", None, None, True, None, None),
    ("called", None, 3, 1, True, "open", None),
    ("called", None, 3, 1, True, "paused", None),  # waits until the counter resumes
    ("serving", "HT", None, 1, True, None, "same_service"),
    ("serving", "DD", None, 1, False, None, "inactive"),
    ("serving", None, 1, 1, True, "open", "same_counter"),
    ("serving", None, 3, 1, True, "closed", "closed"),
    ("serving", "DD", 3, 1, True, "open", "target"),
    ("serving", None, None, 1, True, None, "target"),
    ("done", "DD", None, 1, True, None, "status"),
]


@pytest.mark.parametrize(("status", "svc", "counter", "here", "active", "state", "code"),
                         TRANSFERS)
def test_transfer_rules(status, svc, counter, here, active, state, code):
    call = lambda: check_transfer(status, "HT", to_service=svc, to_counter=counter,  # noqa: E731
                                  current_counter=here, target_active=active,
                                  counter_state=state)
    if code is None:
        call()
    else:
        with pytest.raises(QueueRuleError) as e:
            call()
        assert e.value.code == code


STRICT, INTER2, INTER1 = Strategy("strict"), Strategy("interleaved", 2), Strategy("interleaved", 1)
ORDERS = [
    # tickets, strategy, streak, expected calling order
    ([N("n1", 1), N("n2", 2), P("p1", 3)], STRICT, 0, "p1 n1 n2"),
    ([P("p2", 5), N("n1", 1), P("p1", 3)], STRICT, 0, "p1 p2 n1"),
    ([N("n1", 1), N("n2", 2), N("n3", 3), P("p1", 4), P("p2", 5)], INTER2, 0,
     "n1 n2 p1 n3 p2"),
    ([N("n1", 1), N("n2", 2), N("n3", 3), P("p1", 4)], INTER2, 2, "p1 n1 n2 n3"),
    ([N("n1", 1), N("n2", 2), P("p1", 3), P("p2", 4)], INTER2, 1, "n1 p1 n2 p2"),
    ([N("n1", 1), N("n2", 2), P("p1", 3), P("p2", 4)], INTER1, 0, "n1 p1 n2 p2"),
    ([P("p1", 1), P("p2", 2)], INTER2, 0, "p1 p2"),  # nobody normal waits
    ([N("n2", 2), N("n1", 1)], INTER2, 5, "n1 n2"),
    # A returned no-show keeps its first issue time: it goes before later arrivals.
    ([N("late", 9), N("returned", 1), N("mid", 5)], STRICT, 0, "returned mid late"),
    ([], STRICT, 0, ""),
]


@pytest.mark.parametrize(("items", "strategy", "streak", "expected"), ORDERS)
def test_calling_order(items, strategy, streak, expected):
    assert order(items, strategy, streak) == expected


@pytest.mark.parametrize(("items", "strategy", "streak"), [(i, s, k) for i, s, k, _ in ORDERS])
def test_waiting_ahead_agrees_with_the_order(items, strategy, streak):
    ordered = order(items, strategy, streak).split()
    for t in items:
        own = sum(1 for o in items if o.priority == t.priority and o.minute < t.minute)
        others = sum(1 for o in items if o.priority != t.priority)
        assert waiting_ahead(t.priority, own, others, strategy, streak) == ordered.index(t.name)


@pytest.mark.parametrize(("calls", "streak"), [([], 0), ([False, False, True], 2),
                                               ([True, False], 0), ([False] * 5, 5)])
def test_normal_streak(calls, streak):
    assert normal_streak(calls) == streak


@pytest.mark.parametrize(("mode", "ratio"), [("fifo", 2), ("interleaved", 0),
                                             ("interleaved", 11)])
def test_strategy_refusals(mode, ratio):
    with pytest.raises(QueueRuleError):
        Strategy(mode, ratio)


@settings(max_examples=400, deadline=None)
@given(priority=st.booleans(), own=st.integers(0, 40), others=st.integers(0, 40),
       interleaved=st.booleans(), ratio=st.integers(1, 5), streak=st.integers(0, 8))
def test_waiting_ahead_is_the_position_in_the_calling_order(priority, own, others,
                                                            interleaved, ratio, streak):
    """The closed form agrees with the calling order itself: the ticket's place in it."""
    from datetime import datetime, timedelta

    from counter_app.domain.queue import Strategy, calling_order, waiting_ahead

    strategy = Strategy("interleaved", ratio) if interleaved else Strategy()
    t0 = datetime(2026, 12, 7, 8, 0)
    mine = [(priority, t0 + timedelta(seconds=i)) for i in range(own)]
    ticket = (priority, t0 + timedelta(seconds=own))
    theirs = [(not priority, t0 + timedelta(seconds=i)) for i in range(others)]
    order = calling_order(mine + [ticket] + theirs, strategy, streak=streak,
                          is_priority=lambda t: t[0], issued_at=lambda t: t[1])
    assert waiting_ahead(priority, own, others, strategy, streak) == order.index(ticket)
