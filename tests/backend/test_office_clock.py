"""The backend's "today" is the office's, by the app's clock: at 01:30 office time it is
already the next day at the office while UTC (and the server's PC) still says yesterday."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.calendar import OFFICE_TZ
from tests.backend.conftest import Api


def test_the_ledger_of_today_is_the_offices_day(clocked_backend, clock):
    clock.set(datetime(2026, 3, 1, 1, 30, tzinfo=OFFICE_TZ))  # 28/02 18:30 UTC
    api = Api(clocked_backend())
    with api.as_user("canbo1") as c:
        r = c.get("/ledger")
        leases = c.get("/dossiers/leases")
    assert r.status_code == 200, r.text
    assert 'filename="so-theo-doi-ho-so-2026-03-01.csv"' in r.headers["content-disposition"]
    assert leases.status_code == 200 and leases.json() == []
