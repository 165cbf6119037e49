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


def test_tickets_dossiers_and_the_audit_log_take_the_backends_clock(clocked_backend, clock):
    """One clock for the whole backend (backend/clock.py): the moment written on a ticket,
    the date inside a dossier code, the appointment and the audit row all come from the
    app's clock, not from the PC's. Here that clock says 01:30 on 2 March at the office
    while the PC (and UTC) still say 1 March."""
    from datetime import UTC

    from tests.backend.dossier_helpers import matched_card, new_dossier
    from tests.backend.queue_helpers import issue, ok

    moment = datetime(2026, 3, 2, 1, 30, tzinfo=OFFICE_TZ)
    clock.set(moment)
    api = Api(clocked_backend())
    with api.as_user("canbo1") as clerk, api.as_user("quantri") as admin:
        ticket = ok(issue(clerk, "HT", source="counter"), 201)
        card = matched_card(clerk.get("/demo/cards", params={"limit": 10}).json())
        dossier = new_dossier(clerk, card)
        rows = admin.get("/admin/audit", params={"limit": 5}).json()
    assert datetime.fromisoformat(ticket["issued_at"]) == moment
    assert datetime.fromisoformat(dossier["received_at"]).astimezone(UTC) == moment
    assert "-260302-" in dossier["code"]  # the office's day, by the backend's clock
    received = next(r for r in rows if r["action"] == "dossier.received")
    assert datetime.fromisoformat(received["at"]).astimezone(UTC) == moment

    clock.advance(days=1)  # tomorrow at the office: a new day's numbering, by the same clock
    with api.as_user("canbo1") as clerk:
        later = new_dossier(clerk, card)
    assert "-260303-" in later["code"]
