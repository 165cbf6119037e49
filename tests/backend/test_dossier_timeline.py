"""A dossier's statutory life over HTTP, on the backend's injected clock (issue 15):
hand-overs and the form 06 trail, the due list, one extension only (form 04), stops
(form 05), and the portal code on every answer."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import httpx
import pytest

from counter_app.domain.calendar import OFFICE_TZ
from tests.backend.conftest import Api
from tests.backend.dossier_helpers import matched_card, new_dossier, step

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=OFFICE_TZ)


def post(c: httpx.Client, code: str, what: str, body: dict) -> httpx.Response:
    return c.post(f"/dossiers/{code}/{what}", json=body,
                  headers={"Idempotency-Key": uuid.uuid4().hex})


@pytest.fixture
def office(clocked_backend, clock):
    clock.set(MONDAY)
    # Weeks pass on this clock: a session that lasts them.
    api = Api(clocked_backend(token_ttl_minutes=60 * 24 * 60, session_max_hours=24 * 60))
    with api.as_user("canbo1") as clerk:
        card = matched_card(clerk.get("/demo/cards", params={"limit": 10}).json())
        yield api, clerk, card, clock


def at(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_received_at_the_counter_with_portal_code_and_the_hand_over_due(office):
    _, clerk, card, _ = office
    d = new_dossier(clerk, card)
    assert d["status"] == "received" and d["portal_status"] == 2
    assert d["current_unit"] == "Bộ phận Một cửa"
    first = d["history"][0]
    # The counter passes the dossier on by the end of the next working day (Tuesday).
    assert at(first["due_by"]).date().isoformat() == "2026-03-03"
    assert step(clerk, d["code"], "processing").json()["portal_status"] == 4


def test_hand_overs_make_the_form_06_trail_with_early_on_time_late(office):
    _, clerk, card, clock = office
    d = new_dossier(clerk, card)
    due = at(d["due_at"])
    clock.set(MONDAY + timedelta(hours=2))  # the counter hands over the same day: early
    step_due = MONDAY.replace(day=3, hour=16)
    r = post(clerk, d["code"], "handovers", {"to_unit": "Phòng Tư pháp",
                                              "step_due_at": step_due.isoformat(),
                                              "note": "Chuyển xử lý"})
    assert r.status_code == 200, r.text
    assert r.json()["current_unit"] == "Phòng Tư pháp"
    clock.set(step_due + timedelta(hours=1))  # Tuesday 17:00: past its 16:00 due time
    r = post(clerk, d["code"], "handovers", {"to_unit": "Công an phường"})
    assert r.status_code == 200, r.text
    clock.set(step_due + timedelta(hours=2))  # the cooperating unit answers within the hour
    assert post(clerk, d["code"], "handovers",
                {"to_unit": "Bộ phận Một cửa"}).status_code == 200

    sheet = clerk.get(f"/dossiers/{d['code']}/control").json()
    assert sheet["code"] == d["code"] and at(sheet["due_at"]) == due
    assert [(r["from_unit"], r["to_unit"], r["result"]) for r in sheet["rows"]] == [
        ("Bộ phận Một cửa", "Phòng Tư pháp", "early"),
        ("Phòng Tư pháp", "Công an phường", "late"),
        ("Công an phường", "Bộ phận Một cửa", "on_time" if due.date() == step_due.date()
         else "early")]
    assert "Công an phường" in sheet["cooperating_units"]
    assert sheet["rows"][0]["note"] == "Chuyển xử lý" and sheet["rows"][0]["by"]
    # Handing over to where it already is, or past the appointment, is refused.
    again = post(clerk, d["code"], "handovers", {"to_unit": "Bộ phận Một cửa"})
    assert again.status_code == 409 and "chọn đơn vị nhận khác" in again.json()["detail"]
    late = post(clerk, d["code"], "handovers", {
        "to_unit": "Phòng Tư pháp", "step_due_at": (due + timedelta(days=3)).isoformat()})
    assert late.status_code == 422 and "ngày hẹn" in late.json()["detail"]


def test_due_soon_then_overdue_then_one_extension_only(office):
    api, clerk, card, clock = office
    d = new_dossier(clerk, card)
    code, due = d["code"], at(d["due_at"])
    assert code not in [x["code"] for x in clerk.get("/dossiers/due").json()]

    clock.set(due - timedelta(hours=3))
    listed = {x["code"]: x for x in clerk.get("/dossiers/due").json()}
    assert listed[code]["state"] == "due_soon" and at(listed[code]["due_at"]) == due

    # Form 04 before the appointment: the new date, once.
    new_due = (due + timedelta(days=7)).replace(hour=16, minute=0)
    while new_due.weekday() >= 5:
        new_due += timedelta(days=1)
    r = post(clerk, code, "extension", {"reason": "Chờ ý kiến của Sở Tư pháp",
                                        "new_due_at": new_due.isoformat()})
    assert r.status_code == 200, r.text
    moved = r.json()
    assert at(moved["due_at"]) == new_due and at(moved["original_due_at"]) == due
    assert moved["extensions"] == 1 and moved["status"] == "received"
    ext = moved["history"][-1]
    assert ext["kind"] == "extension" and ext["form_no"].startswith("XL-260")
    assert ext["note"] == "Chờ ý kiến của Sở Tư pháp"

    second = post(clerk, code, "extension", {"reason": "Vẫn chờ ý kiến",
                                             "new_due_at": (new_due + timedelta(days=7))
                                             .isoformat()})
    assert second.status_code == 409 and "một lần" in second.json()["detail"]
    assert clerk.get(f"/dossiers/{code}").json()["due_at"] == moved["due_at"]

    # The applicant's status page shows the new appointment and says it moved.
    page = httpx.get(f"{api.base_url}/t/{d['tracking_token']}").text
    assert new_due.strftime("%d/%m/%Y") in page and "hẹn lại ngày" in page
    assert due.strftime("%H:%M, ngày %d/%m/%Y") in page

    clock.set(new_due + timedelta(hours=1))
    listed = {x["code"]: x for x in clerk.get("/dossiers/due").json()}
    assert listed[code]["state"] == "overdue" and listed[code]["extensions"] == 1


def test_no_apology_after_the_appointment_has_passed(office):
    _, clerk, card, clock = office
    d = new_dossier(clerk, card)
    due = at(d["due_at"])
    clock.set(due + timedelta(minutes=1))
    r = post(clerk, d["code"], "extension", {"reason": "Trễ do thiếu cán bộ",
                                             "new_due_at": (due + timedelta(days=7))
                                             .isoformat()})
    assert r.status_code == 409 and "Đã quá hẹn" in r.json()["detail"]
    after = clerk.get(f"/dossiers/{d['code']}").json()
    assert after["due_at"] == d["due_at"] and after["extensions"] == 0
    assert len(after["history"]) == 1


def test_withdrawal_prints_a_numbered_stop_and_ends_the_dossier(office):
    _, clerk, card, _ = office
    d = new_dossier(clerk, card)
    r = step(clerk, d["code"], "withdrawn", "rút")
    assert r.status_code == 409 and "Mẫu số 05" in r.json()["detail"]
    short = post(clerk, d["code"], "stop", {"kind": "withdrawn", "reason": "rút"})
    assert short.status_code == 422
    r = post(clerk, d["code"], "stop", {"kind": "withdrawn",
                                        "reason": "Công dân có đơn xin rút hồ sơ"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "withdrawn" and body["portal_status"] == 7
    assert body["history"][-1]["form_no"].startswith("DG-260302-")
    again = post(clerk, d["code"], "stop", {"kind": "stopped", "reason": "Theo quy định"})
    assert again.status_code == 409 and "trạng thái cuối" in again.json()["detail"]
    assert clerk.get(f"/dossiers/{d['code']}").json()["status"] == "withdrawn"


def test_a_stop_is_refused_once_the_result_exists(office):
    _, clerk, card, _ = office
    d = new_dossier(clerk, card)
    for s in ("processing", "ready"):
        assert step(clerk, d["code"], s).status_code == 200
    r = post(clerk, d["code"], "stop", {"kind": "stopped", "reason": "Theo quy định pháp luật"})
    assert r.status_code == 409 and "đã có kết quả" in r.json()["detail"]
    assert clerk.get(f"/dossiers/{d['code']}").json()["status"] == "ready"
    assert step(clerk, d["code"], "lost").status_code == 422
