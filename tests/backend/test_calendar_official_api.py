"""Over real HTTP: the admin imports next year's notice (all or nothing), the shipped
2026 table decides 2/1 and 10/1, and a dossier received in a Saturday reception session
is due as if received at Monday's opening."""

from __future__ import annotations

from datetime import date, datetime

from counter_app.domain.calendar import OFFICE_TZ
from tests.backend.conftest import Api
from tests.backend.dossier_helpers import matched_card, new_dossier

THREE_WORKING_DAYS = "1.004873"  # sample catalogue: 3 working days, no cut-off

GOOD = """date,kind,name,source
2027-01-01,day_off,Tết Dương lịch,Công văn 99/VPCP-KGVX
2027-01-04,day_off,Nghỉ bù,Công văn 99/VPCP-KGVX
2027-01-09,make_up_working_day,Làm bù,Công văn 99/VPCP-KGVX
"""


def _years(cal: dict) -> dict[int, dict]:
    return {t["year"]: t for t in cal["official"]}


def test_import_a_good_notice_then_a_bad_one_changes_nothing(demo, clerk):
    with demo.as_user("quantri") as admin:
        assert clerk.post("/admin/calendar/official", json={
            "year": 2027, "format": "csv", "content": GOOD}).status_code == 403
        r = admin.post("/admin/calendar/official",
                       json={"year": 2027, "format": "csv", "content": GOOD})
        assert r.status_code == 200, r.text
        table = _years(clerk.get("/calendar").json())[2027]
        assert table["origin"] == "imported"
        assert [(d["date"], d["kind"], d["source"]) for d in table["days"]] == [
            ("2027-01-01", "day_off", "Công văn 99/VPCP-KGVX"),
            ("2027-01-04", "day_off", "Công văn 99/VPCP-KGVX"),
            ("2027-01-09", "make_up_working_day", "Công văn 99/VPCP-KGVX")]

        bad = GOOD.replace("2027-01-09", "2027-01-32")
        r = admin.post("/admin/calendar/official",
                       json={"year": 2027, "format": "csv", "content": bad + GOOD[-1:]})
        assert r.status_code == 422
        assert "Dòng 4" in r.json()["detail"] and "Chưa có ngày nào được nhập" in r.json()["detail"]
        outside = admin.post("/admin/calendar/official", json={
            "year": 2028, "format": "csv", "content": GOOD})
        assert outside.status_code == 422 and "không thuộc năm 2028" in outside.json()["detail"]
        assert _years(clerk.get("/calendar").json())[2027] == table  # nothing changed
        rows = admin.get("/admin/audit", params={"limit": 20}).json()
        imports = [r for r in rows if r["action"] == "calendar.imported"]
        assert len(imports) == 1 and imports[0]["detail"]["year"] == 2027


def test_saturday_reception_dossier_due_from_monday(clocked_backend, clock):
    clock.set(datetime(2026, 3, 6, 10, 0, tzinfo=OFFICE_TZ))  # Friday
    api = Api(clocked_backend())
    with api.as_user("canbo1") as clerk, api.as_user("quantri") as admin:
        card = matched_card(clerk.get("/demo/cards", params={"limit": 10}).json())
        saved = admin.put("/admin/calendar",
                          json={"reception_sessions": [[5, "07:30", "11:30"]]})
        assert saved.status_code == 200, saved.text
        assert saved.json()["reception_sessions"] == [[5, "07:30", "11:30"]]

    clock.set(datetime(2026, 3, 7, 9, 0, tzinfo=OFFICE_TZ))  # Saturday, session open
    with api.as_user("canbo1") as clerk:  # a new login: sessions end overnight
        saturday = new_dossier(clerk, card, procedure=THREE_WORKING_DAYS)
    clock.set(datetime(2026, 3, 9, 7, 0, tzinfo=OFFICE_TZ))  # Monday's opening
    with api.as_user("canbo1") as clerk:
        monday = new_dossier(clerk, card, procedure=THREE_WORKING_DAYS)
    due = datetime.fromisoformat(saturday["due_at"])
    assert datetime.fromisoformat(saturday["received_at"]).date() == date(2026, 3, 7)
    assert due == datetime(2026, 3, 12, 7, 0, tzinfo=OFFICE_TZ)  # 3 working days from Mon 9/3
    assert due == datetime.fromisoformat(monday["due_at"])
