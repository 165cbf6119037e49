"""`/identity/verify` is no oracle and the backend records what it verified itself
(issue 12, items 7 and 8), over real HTTP on a backend of their own (the limits are
per day and per hour, so these tests must not share one with others)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backend.identity.guard import PER_ID_PER_DAY, PER_USER_PER_HOUR
from tests.backend.conftest import card_fields
from tests.backend.dossier_helpers import new_dossier


def _check(client, card: dict, **changes):
    body = {k: card[k] for k in ("id_number", "full_name", "date_of_birth", "sex")}
    return client.post("/identity/verify", json={**body, **changes})


@pytest.fixture
def fresh(start_backend):
    api = start_backend()
    with api.as_user("canbo1") as clerk, api.as_user("giamsat") as supervisor:
        cards = clerk.get("/demo/cards", params={"limit": 10}).json()
        yield clerk, supervisor, cards


def test_guessing_a_date_of_birth_stops_after_a_few_tries(fresh):
    clerk, supervisor, cards = fresh
    card = card_fields(next(c for c in cards if c["expect"] == "matched")["payload"])
    dob = date.fromisoformat(card["date_of_birth"])
    answers = [_check(clerk, card, date_of_birth=(dob + timedelta(days=i + 1)).isoformat())
               for i in range(PER_ID_PER_DAY)]
    assert all(a.status_code == 200 and a.json()["outcome"] == "mismatched" for a in answers)
    # the attacker's next guess, even the right one, is refused for the rest of the day
    refused = _check(clerk, card)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "đã được kiểm tra" in refused.json()["detail"]
    assert PER_ID_PER_DAY <= 10  # 246 guesses found a birth date; a year takes 36 days
    # another citizen's check still works for the same clerk
    other = card_fields(next(c for c in cards if c["expect"] == "matched"
                             and card["id_number"] not in c["payload"])["payload"])
    assert _check(clerk, other).status_code == 200
    rows = supervisor.get("/admin/audit", params={"limit": 50}).json()
    checks = [r for r in rows if r["action"] == "identity.checked"]
    assert len(checks) == PER_ID_PER_DAY + 1  # the refused one did not reach the registry
    assert len({r["code"] for r in checks}) == 2  # one keyed pseudonym per ID number
    assert card["id_number"] not in str(rows)


def test_one_account_cannot_sweep_the_registry(fresh):
    clerk, _, cards = fresh
    card = card_fields(cards[0]["payload"])
    base = int(card["id_number"][:6] + "000000")
    for i in range(PER_USER_PER_HOUR):
        r = _check(clerk, card, id_number=f"{base + i:012d}")
        assert r.status_code == 200, (i, r.text)
    refused = _check(clerk, card, id_number=f"{base + PER_USER_PER_HOUR:012d}")
    assert refused.status_code == 429 and "trong một giờ" in refused.json()["detail"]
    assert 0 < int(refused.headers["Retry-After"]) <= 3600


def test_a_claim_the_backend_checked_today_is_not_checked_again(fresh):
    clerk, _, cards = fresh
    card = next(c for c in cards if c["expect"] == "matched")
    assert _check(clerk, card_fields(card["payload"])).json()["outcome"] == "matched"
    d = new_dossier(clerk, card)
    assert d["identity_outcome"] == "matched" and d["identity_rechecked"] is False


def test_a_dossier_keeps_the_backends_own_outcome_not_the_counters_claim(fresh):
    clerk, supervisor, cards = fresh
    stranger = next(c for c in cards if c["expect"] == "not_found")
    d = new_dossier(clerk, stranger)  # the counter claims "matched"
    assert d["identity_outcome"] == "not_found" and d["identity_rechecked"] is True
    assert clerk.get(f"/dossiers/{d['code']}").json()["identity_outcome"] == "not_found"
    row = supervisor.get("/admin/audit", params={"code": d["code"]}).json()[-1]
    assert row["action"] == "dossier.received"
    assert row["detail"]["identity_outcome"] == "not_found"
    assert row["detail"]["identity_claimed"] == "matched"
