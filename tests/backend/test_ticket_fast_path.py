"""The ticket fast path (backend/queue/fast_issue.py) answers exactly what the FastAPI route
answers: the same requests, good and bad, sent to two fresh servers on the same clock, one
with the fast path and one without, get the same statuses and bodies; and with it on, the
ordinary ones really were answered by it."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from counter_app.domain.calendar import OFFICE_TZ
from tests.backend.inprocess import serve

MONDAY_9AM = datetime(2026, 12, 7, 9, 0, tzinfo=OFFICE_TZ)
SCENARIO = [  # (who, body or None for "not JSON", key)
    ("kiosk", {"service_code": "HT"}, "key-0001"),
    ("kiosk", {"service_code": "HT"}, "key-0001"),  # replay: 200, the same ticket
    ("kiosk", {"service_code": "KD"}, "key-0001"),  # the key with another body: 409
    ("kiosk", {"service_code": "KD"}, None),  # no key: 400
    ("kiosk", {"service_code": "KD"}, "short"),  # a bad key: 400
    ("kiosk", {"service_code": "KD", "colour": "red"}, "key-0002"),  # unknown field: 422
    ("kiosk", {"service_code": 7}, "key-0003"),  # wrong type: 422
    ("kiosk", None, "key-0004"),  # not JSON: 422
    ("kiosk", {"service_code": "XX"}, "key-0005"),  # no such service: 422
    ("kiosk", {"service_code": "KD", "priority": "elderly"}, "key-0006"),
    ("clerk", {"service_code": "KD"}, "key-0007"),  # staff: source "counter"
    ("display", {"service_code": "KD"}, "key-0008"),  # a display may not issue: 403
    ("forged", {"service_code": "KD"}, "key-0009"),  # 401
    ("nobody", {"service_code": "KD"}, "key-0010"),  # 401
    ("admin", "pause KD", None),
    ("kiosk", {"service_code": "KD"}, "key-0011"),  # paused: 409
    ("admin", "cap TKQ at 1", None),
    ("kiosk", {"service_code": "TKQ"}, "key-0012"),
    ("kiosk", {"service_code": "TKQ"}, "key-0013"),  # over the cap: 409, no number used
    ("kiosk", "log out", None),
    ("kiosk", {"service_code": "HT"}, "key-0014"),  # a token logged out: 401
]


def _run(tmp_path, fast: bool, url: str | None) -> tuple[list[tuple[int, object]], int]:
    with serve(tmp_path / ("fast" if fast else "slow"), database_url=url) as (api, app, clock):
        clock.set(MONDAY_9AM)  # both servers issue at the same moments
        app.state.fast_ticket_path = fast
        tokens = {"kiosk": api.login("kiosk1"), "clerk": api.login("canbo1"),
                  "display": api.login("display1"), "admin": api.login("quantri"),
                  "forged": "x" * 43, "nobody": None}
        answers = []
        for who, body, key in SCENARIO:
            c = api.client(tokens[who])
            if body == "pause KD":
                r = c.put("/admin/services/KD", json={"active": False})
            elif body == "cap TKQ at 1":
                r = c.put("/admin/services/TKQ", json={"daily_cap": 1})
            elif body == "log out":
                r = c.post("/auth/logout")
            else:
                headers = {"Idempotency-Key": key} if key else {}
                if body is None:
                    r = c.post("/queue/tickets", content=b"{not json",
                               headers={**headers, "Content-Type": "application/json"})
                else:
                    r = c.post("/queue/tickets", json=body, headers=headers)
            answers.append((r.status_code, _comparable(r)))
            c.close()
        return answers, app.state.issuer.answered_fast


def _comparable(r: httpx.Response) -> object:
    if not r.content:
        return None
    body = r.json()
    return body if r.status_code < 300 else body.get("detail") and str(body["detail"])[:80]


@pytest.fixture(params=["sqlite", "postgresql"])
def urls(request):
    """Two fresh databases (None: SQLite files in the test's folder)."""
    if request.param == "sqlite":
        return None, None
    return request.getfixturevalue("postgres_url"), request.getfixturevalue("postgres_url_2")


def test_fast_path_answers_what_the_route_answers(tmp_path, urls):
    fast, answered_fast = _run(tmp_path, fast=True, url=urls[0])
    slow, answered_slow = _run(tmp_path, fast=False, url=urls[1])
    assert [a[0] for a in fast] == [201, 200, 409, 400, 400, 422, 422, 422, 422, 201, 201, 403,
                                    401, 401, 200, 409, 200, 201, 409, 204, 401]
    assert fast == slow
    first, replay = fast[0][1], fast[1][1]
    assert isinstance(first, dict) and first == replay and first["number"] == "A001"
    by_clerk, by_kiosk = fast[10][1], fast[9][1]
    assert isinstance(by_clerk, dict) and isinstance(by_kiosk, dict)
    assert by_clerk["source"] == "counter" and by_kiosk["source"] == "kiosk"
    # The ordinary ones went the fast way (the replay, the priority ticket, the TKQ one);
    # a token's first request goes by the route, which remembers it; the rest the route's.
    assert (answered_fast, answered_slow) == (3, 0)


def test_the_answer_is_the_ticket_the_list_shows(tmp_path):
    with serve(tmp_path) as (api, _app, _clock):
        kiosk, clerk = api.client(api.login("kiosk1")), api.client(api.login("canbo1"))
        seen = []
        for i, extra in enumerate([{}, {}, {"priority": "disability"}, {}]):
            t = kiosk.post("/queue/tickets", json={"service_code": "HT", **extra},
                           headers={"Idempotency-Key": f"list-{i:04d}"}).json()
            listed = {x["id"]: x for x in clerk.get("/queue/tickets",
                                                    params={"service": "HT"}).json()}
            assert listed[t["id"]] == t  # waiting_ahead included
            seen.append(t["waiting_ahead"])
        assert seen == [0, 1, 0, 3]  # priority goes before the normal ones (strict)
