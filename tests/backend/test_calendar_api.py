"""Calendar overrides: validated by the admin API, used for the next dossier's due date,
announced as office_changed, and the client's WorkingCalendar built from GET /calendar
gives the same due date."""

from __future__ import annotations

from datetime import date, datetime, time

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.official_calendar import year_from_json
from tests.backend.dossier_helpers import matched_card, new_dossier
from tests.backend.sse import SseReader

ONE_DAY_PROCEDURE = "1.004198"  # sample catalogue: 1 working day


def _client_calendar(cal: dict) -> WorkingCalendar:
    return WorkingCalendar(
        extra_days_off=[date.fromisoformat(d) for d in cal["extra_days_off"]],
        extra_working_days=[date.fromisoformat(d) for d in cal["extra_working_days"]],
        office_hours=[(time.fromisoformat(a), time.fromisoformat(b))
                      for a, b in cal["office_hours"]],
        official=[year_from_json(t) for t in cal["official"]],
        reception_sessions=[(w, time.fromisoformat(a), time.fromisoformat(b))
                            for w, a, b in cal["reception_sessions"]])


def test_validation(demo, clerk):
    shipped = clerk.get("/calendar").json()
    assert {k: v for k, v in shipped.items() if k != "official"} == {
        "extra_days_off": [], "extra_working_days": [],
        "office_hours": [["07:00", "11:30"], ["13:30", "17:00"]], "reception_sessions": []}
    assert [(t["year"], t["origin"]) for t in shipped["official"]] == [
        (2025, "shipped"), (2026, "shipped")]
    assert clerk.put("/admin/calendar", json={}).status_code == 403
    with demo.as_user("quantri") as admin:
        both = admin.put("/admin/calendar", json={"extra_days_off": ["2026-12-31"],
                                                  "extra_working_days": ["2026-12-31"]})
        assert both.status_code == 422 and "31/12/2026" in both.json()["detail"]
        for hours in ([["13:30", "17:00"], ["07:00", "11:30"]],   # not in order
                      [["07:00", "12:00"], ["11:30", "17:00"]],   # overlapping
                      [["11:30", "07:00"]], [["7:00", "11:30"]], []):
            r = admin.put("/admin/calendar", json={"office_hours": hours})
            assert r.status_code == 422, hours
        wednesday = admin.put("/admin/calendar",
                              json={"reception_sessions": [[2, "17:00", "19:00"]]})
        assert wednesday.status_code == 422
        assert "Thứ Bảy hoặc Chủ nhật" in wednesday.json()["detail"]
    assert clerk.get("/calendar").json()["extra_days_off"] == []


def test_added_day_off_moves_the_due_date(start_backend, cards):
    api = start_backend()
    card = matched_card(cards)
    with api.as_user("canbo1") as clerk, api.as_user("quantri") as admin:
        before = new_dossier(clerk, card, procedure=ONE_DAY_PROCEDURE)
        due_before = datetime.fromisoformat(before["due_at"])
        assert due_before == WorkingCalendar().due_at(
            datetime.fromisoformat(before["received_at"]), 1)

        day_off = due_before.date()  # the working day after the one it was received on
        working_saturday = date(2027, 1, 9)
        saved = admin.put("/admin/calendar", json={
            "extra_days_off": [day_off.isoformat(), day_off.isoformat()],
            "extra_working_days": [working_saturday.isoformat()],
            "office_hours": [["07:30", "11:30"], ["13:00", "17:00"]]})
        assert saved.status_code == 200, saved.text
        cal = clerk.get("/calendar").json()
        assert cal == saved.json()
        assert cal["extra_days_off"] == [day_off.isoformat()]  # duplicates folded
        assert cal["extra_working_days"] == ["2027-01-09"]

        after = new_dossier(clerk, card, procedure=ONE_DAY_PROCEDURE)
        received, due_after = (datetime.fromisoformat(after["received_at"]),
                               datetime.fromisoformat(after["due_at"]))
        client = _client_calendar(cal)
        assert due_after == client.due_at(received, 1)  # the counter shows the same date
        if received.date() == datetime.fromisoformat(before["received_at"]).date():
            assert due_after.date() == WorkingCalendar().next_working_day(day_off)
        assert not client.is_working_day(day_off) and client.is_working_day(working_saturday)

        with SseReader(api.base_url + "/api/v1", api.login("display1"),
                       params={"after": 0}) as events:
            _, changed = events.next("office_changed")
            assert changed["ticket"] is None
