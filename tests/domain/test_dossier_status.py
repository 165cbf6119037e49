"""The dossier statuses and the portal's codes 1-10 (Circular 04/2025): one table, both
ways, and the steps the law allows between statuses."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from counter_app.domain import dossier_status as ds
from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar
from counter_app.domain.deadlines import (
    DeadlineError,
    Extension,
    check_extension,
    deadline_state,
    handover_result,
)
from counter_app.domain.labels import DOSSIER_STATUS

PORTAL = [(1, "new"), (2, "received"), (3, "not_accepted"), (4, "processing"),
          (5, "needs_supplement"), (6, "awaiting_fee"), (7, "withdrawn"), (8, "stopped"),
          (9, "ready"), (10, "returned")]


@pytest.mark.parametrize(("code", "status"), PORTAL)
def test_every_portal_code_maps_both_ways(code, status):
    assert ds.status_from_portal(code) == status
    assert ds.portal_code(status) == code
    assert ds.status_from_portal(ds.portal_code(status)) == status
    assert DOSSIER_STATUS[status] and ds.portal_label(status)


def test_the_table_is_one_to_one_and_covers_every_status():
    assert sorted(ds.PORTAL) == list(range(1, 11))
    assert len(set(ds.STATUSES)) == 10 == len(ds.NEXT) == len(DOSSIER_STATUS)
    assert set(ds.NEXT) == set(ds.STATUSES)
    for targets in ds.NEXT.values():
        assert targets <= set(ds.STATUSES)


@pytest.mark.parametrize("bad", [0, 11, -1, "4", None, True, 4.0])
def test_an_unknown_portal_code_is_refused_in_vietnamese(bad):
    with pytest.raises(ds.DossierStatusError, match="Cổng Dịch vụ công") as e:
        ds.status_from_portal(bad)
    assert e.value.code == "portal_status_unknown"


def test_an_unknown_status_has_no_portal_code():
    with pytest.raises(ds.DossierStatusError) as e:
        ds.portal_code("cancelled")
    assert e.value.code == "dossier_status_unknown"


@pytest.mark.parametrize(("current", "wanted", "code"), [
    ("returned", "stopped", "dossier_status_final"),
    ("withdrawn", "processing", "dossier_status_final"),
    ("ready", "withdrawn", "dossier_stop_too_late"),
    ("received", "ready", "dossier_transition_illegal"),
    ("received", "archived", "dossier_status_unknown"),
])
def test_illegal_steps_are_refused_with_the_reason(current, wanted, code):
    assert not ds.can_move(current, wanted)
    with pytest.raises(ds.DossierStatusError) as e:
        ds.check_move(current, wanted, DOSSIER_STATUS)
    assert e.value.code == code


@pytest.mark.parametrize(("current", "wanted"), [
    ("new", "received"), ("new", "not_accepted"), ("received", "processing"),
    ("processing", "awaiting_fee"), ("awaiting_fee", "ready"), ("processing", "withdrawn"),
    ("needs_supplement", "stopped"), ("ready", "returned")])
def test_legal_steps_pass(current, wanted):
    ds.check_move(current, wanted, DOSSIER_STATUS)


CAL = WorkingCalendar()
FRI = datetime(2026, 3, 6, 16, 0, tzinfo=OFFICE_TZ)


@pytest.mark.parametrize(("handed", "result"), [
    (FRI - timedelta(days=1), "early"), (FRI - timedelta(hours=6), "on_time"),
    (FRI, "on_time"), (FRI + timedelta(minutes=1), "late")])
def test_a_hand_over_against_its_due_time(handed, result):
    assert handover_result(handed, FRI, CAL) == result


@pytest.mark.parametrize(("now", "state"), [
    (datetime(2026, 3, 2, 9, tzinfo=OFFICE_TZ), None),        # Mon: Fri is 4 days away
    (datetime(2026, 3, 5, 9, tzinfo=OFFICE_TZ), "due_soon"),  # Thu: today and Fri
    (datetime(2026, 3, 6, 15, tzinfo=OFFICE_TZ), "due_soon"),
    (datetime(2026, 3, 6, 16, 1, tzinfo=OFFICE_TZ), "overdue")])
def test_due_soon_means_within_two_working_days(now, state):
    assert deadline_state(FRI, now, CAL) == state


def test_due_soon_over_a_weekend_counts_working_days():
    due_monday = datetime(2026, 3, 9, 10, tzinfo=OFFICE_TZ)
    friday = datetime(2026, 3, 6, 9, tzinfo=OFFICE_TZ)
    assert deadline_state(due_monday, friday, CAL) == "due_soon"


@pytest.mark.parametrize(("kw", "code"), [
    ({"extensions": 1}, "extension_second"),
    ({"now": FRI + timedelta(hours=1)}, "extension_after_due"),
    ({"ext": Extension("trễ", FRI + timedelta(days=5))}, "extension_reason"),
    ({"ext": Extension("Chờ ý kiến Sở", FRI - timedelta(hours=1))}, "extension_not_later"),
    ({"ext": Extension("Chờ ý kiến Sở", FRI + timedelta(days=1))}, "extension_day_off"),
])
def test_form_04_rules(kw, code):
    args = {"due_at": FRI, "now": FRI - timedelta(days=2), "extensions": 0,
            "ext": Extension("Chờ ý kiến Sở Tư pháp", FRI + timedelta(days=3)), "cal": CAL}
    check_extension(**args)  # the base case is legal
    with pytest.raises(DeadlineError) as e:
        check_extension(**{**args, **kw})
    assert e.value.code == code
