"""POST /api/v1/queue/tickets/{id}/rating over real HTTP: once per finished ticket, by the
counter's staff or a display account, and counted in the statistics."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.calendar import OFFICE_TZ
from tests.backend.queue_helpers import isolated_queue, issue, ok


def _finished(admin, clerk, kiosk) -> tuple[int, int]:
    code, (no,) = isolated_queue(admin)
    t = ok(issue(kiosk, code), 201)
    ok(clerk.post(f"/queue/counters/{no}/call-next"))
    ok(clerk.post(f"/queue/tickets/{t['id']}/start"))
    ok(clerk.post(f"/queue/tickets/{t['id']}/finish"))
    return t["id"], no


def test_rating_once_per_finished_ticket(demo):
    with demo.as_user("quantri") as admin, demo.as_user("canbo1") as clerk, \
            demo.as_user("kiosk1") as kiosk, demo.as_user("display1") as display, \
            demo.as_user("giamsat") as supervisor:
        tid, no = _finished(admin, clerk, kiosk)
        r = display.post(f"/queue/tickets/{tid}/rating",
                         json={"level": "not_satisfied", "reason": "Chờ lâu"})
        assert r.status_code == 201, r.text
        assert (r.json()["level"], r.json()["reason"], r.json()["counter_no"]) == (
            "not_satisfied", "Chờ lâu", no)
        again = clerk.post(f"/queue/tickets/{tid}/rating", json={"level": "satisfied"})
        assert again.status_code == 409 and "một lần" in again.json()["detail"]

        tid2, _ = _finished(admin, clerk, kiosk)
        assert ok(clerk.post(f"/queue/tickets/{tid2}/rating",
                             json={"level": "very_satisfied"}), 201)["reason"] is None

        today = datetime.now(OFFICE_TZ).date().isoformat()
        sat = ok(supervisor.get("/stats", params={"from": today, "to": today}))["satisfaction"]
        assert sat["not_satisfied"] >= 1 and sat["very_satisfied"] >= 1
        assert {"reason": "Chờ lâu", "count": 1} in sat["reasons"] or any(
            r["reason"] == "Chờ lâu" for r in sat["reasons"])


def test_rating_refused_before_finish_for_kiosks_and_bad_levels(demo):
    with demo.as_user("quantri") as admin, demo.as_user("canbo1") as clerk, \
            demo.as_user("kiosk1") as kiosk:
        code, _ = isolated_queue(admin)
        t = ok(issue(kiosk, code), 201)
        r = clerk.post(f"/queue/tickets/{t['id']}/rating", json={"level": "satisfied"})
        assert r.status_code == 409 and "kết thúc" in r.json()["detail"]
        assert kiosk.post(f"/queue/tickets/{t['id']}/rating",
                          json={"level": "satisfied"}).status_code == 403
        assert clerk.post(f"/queue/tickets/{t['id']}/rating",
                          json={"level": "great"}).status_code == 422
        assert clerk.post("/queue/tickets/999999/rating",
                          json={"level": "satisfied"}).status_code == 404
