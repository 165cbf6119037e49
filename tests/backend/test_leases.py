"""Leases of ledger numbers (issue 7): a counter takes a block of the day's numbers in
advance; online codes and leased numbers come from one sequence and never collide, also
when many counters lease and receive at once, on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from counter_app.client.dossiers import CalendarOverrides
from counter_app.domain.dossier_code import format_dossier_code
from tests.backend.dossier_helpers import matched_card, new_dossier
from tests.backend.offline_helpers import (
    lease,
    local,
    offline_body,
    past_lease,
    post_offline,
    today,
    yesterday,
)

AGENCY = "000.00.17.H01"  # the demo office


def test_lease_answers_the_contract_and_replays_by_key(demo, clerk, cards):
    before = new_dossier(clerk, matched_card(cards))
    key = uuid.uuid4().hex
    first = lease(clerk, size=20, key=key)
    assert first.status_code == 201, first.text
    got = first.json()
    assert got["day"] == today().isoformat() and got["expires_day"] == got["day"]
    assert got["agency_code"] == AGENCY and got["used"] == []
    assert got["last"] - got["first"] == 19 and got["first"] > before["ledger_no"]
    again = lease(clerk, size=20, key=key)
    assert again.status_code == 200 and again.json() == got  # a retry: no second block
    other = lease(clerk, size=5, key=key)
    assert other.status_code == 409 and "Idempotency-Key" in other.json()["detail"]
    after = new_dossier(clerk, matched_card(cards))
    assert after["ledger_no"] > got["last"]  # online codes skip the leased block

    assert any(x["id"] == got["id"] for x in clerk.get("/dossiers/leases").json())
    with demo.as_user("canbo2") as other_clerk:  # a lease belongs to its user
        assert all(x["id"] != got["id"] for x in other_clerk.get("/dossiers/leases").json())


def test_lease_refuses_other_days_and_sizes(clerk):
    y = lease(clerk, day=yesterday())
    assert y.status_code == 422 and "ngày làm việc kế tiếp" in y.json()["detail"]
    calendar = CalendarOverrides.from_json(clerk.get("/calendar").json()).working_calendar()
    following = calendar.next_working_day(today())
    tomorrow = lease(clerk, day=following, size=3)
    assert tomorrow.status_code == 201 and tomorrow.json()["day"] == following.isoformat()
    listed = clerk.get("/dossiers/leases", params={"day": following.isoformat()}).json()
    assert tomorrow.json()["id"] in [x["id"] for x in listed]
    far = lease(clerk, day=following + timedelta(days=7))
    assert far.status_code == 422
    assert lease(clerk, size=0).status_code == 422
    assert lease(clerk, size=201).status_code == 422
    no_key = clerk.post("/dossiers/leases", json={"day": today().isoformat(), "size": 5})
    assert no_key.status_code == 400


def _interleave(api, cards, rounds: int = 12) -> tuple[list[int], list[tuple[int, int]]]:
    """Four clerks, each alternating online receipts and leases, all at once."""
    card = matched_card(cards)
    clients = [api.as_user(f"canbo{n}") for n in range(1, 5)]

    def work(i: int) -> tuple[str, object]:
        c = clients[i % 4]
        if i % 2:
            r = lease(c, size=3)
            assert r.status_code == 201, r.text
            return "lease", (r.json()["first"], r.json()["last"])
        return "online", new_dossier(c, card)["ledger_no"]

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(work, range(rounds * 4)))
    finally:
        for c in clients:
            c.close()
    online = [v for kind, v in results if kind == "online"]
    blocks = [v for kind, v in results if kind == "lease"]
    return online, blocks


def _assert_disjoint(online: list[int], blocks: list[tuple[int, int]]) -> None:
    numbers = online + [n for a, b in blocks for n in range(a, b + 1)]
    assert len(numbers) == len(set(numbers)), "a number was handed out twice"
    codes = {format_dossier_code(AGENCY, today(), n) for n in numbers}
    assert len(codes) == len(numbers)
    # One sequence, no failed request: the numbers of the run are contiguous.
    assert sorted(numbers) == list(range(min(numbers), max(numbers) + 1))


def test_online_and_leased_numbers_never_collide(start_backend, cards):
    api = start_backend()
    started = time.perf_counter()
    online, blocks = _interleave(api, cards)
    elapsed = time.perf_counter() - started
    assert len(online) == 24 and len(blocks) == 24
    _assert_disjoint(online, blocks)
    print(f"\nSQLite: 24 receipts + 24 leases from 8 threads in {elapsed:.2f} s")


def test_online_and_leased_numbers_never_collide_on_postgresql(start_backend, postgres_url,
                                                               cards):
    api = start_backend("--database", postgres_url)
    started = time.perf_counter()
    online, blocks = _interleave(api, cards)
    elapsed = time.perf_counter() - started
    _assert_disjoint(online, blocks)
    print(f"\nPostgreSQL: 24 receipts + 24 leases from 8 threads in {elapsed:.2f} s")
    with api.as_user("canbo1") as clerk, api.as_user("giamsat") as supervisor:
        held = lease(clerk, size=2).json()
        body = offline_body(matched_card(cards), held["id"], held["last"], datetime.now(UTC))
        r = post_offline(clerk, body)
        assert r.status_code == 201 and r.json()["ledger_no"] == held["last"], r.text
        assert r.json()["identity_outcome"] == "matched" and r.json()["identity_rechecked"]
        assert post_offline(clerk, dict(body, note="khác")).status_code == 409
        rows = supervisor.get("/admin/audit", params={"code": r.json()["code"]}).json()
        # Sent at once: received online, on a leased number (not "received offline").
        assert [(x["action"], x["user"]) for x in rows] == [("dossier.received", "canbo1")]
        assert rows[0]["detail"]["lease_id"] == held["id"]


def _dossier_rows(content: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    return rows[1:rows.index([])]


def test_ledger_of_a_past_day_lists_unused_leased_numbers(demo, clerk, cards):
    day = yesterday()
    held = past_lease(demo.backend.database_path, "canbo1", day, 3, local(day, 7, 30))
    used = held["first"] + 1
    r = post_offline(clerk, offline_body(matched_card(cards), held["id"], used,
                                         local(day, 9, 15)))
    assert r.status_code == 201, r.text

    book = _dossier_rows(clerk.get("/ledger", params={"date": day.isoformat()}).content)
    by_no = {int(row[0]): row for row in book}
    assert by_no[used][1] == r.json()["code"] and by_no[used][8] == "Đã tiếp nhận"
    for gap in (held["first"], held["last"]):
        assert by_no[gap][1] == format_dossier_code(AGENCY, day, gap)
        assert by_no[gap][8] == "Số đã cấp trước, không sử dụng"
        assert by_no[gap][3] == ""  # nobody's name on a gap
    assert [int(row[0]) for row in book] == sorted(by_no)

    fresh = lease(clerk, size=2).json()  # today: may still be used, so not a gap yet
    today_book = _dossier_rows(clerk.get("/ledger").content)
    assert not any(row[8] == "Số đã cấp trước, không sử dụng" for row in today_book)
    assert all(int(row[0]) not in (fresh["first"], fresh["last"]) for row in today_book)


def test_a_block_past_99999_is_refused_and_takes_nothing(start_backend):
    """Sequences grow to 5 digits (issue 15); a 6th would read as a centralised code."""
    import sqlite3

    api = start_backend()
    agency = api.as_user("canbo1").get("/auth/me").json()
    with sqlite3.connect(api.backend.database_path) as con:  # a long day: 99,879 used
        con.execute("INSERT INTO dossier_sequences (agency_code, day, last_value) "
                    "SELECT agency_code, ?, 99879 FROM offices LIMIT 1", (today().isoformat(),))
    with api.as_user("canbo1") as one, api.as_user("canbo2") as two:
        assert lease(one, size=100).json()["last"] == 99979
        r = lease(two, size=100)
        assert r.status_code == 503 and "Không còn đủ 100 số hồ sơ" in r.json()["detail"]
        rest = lease(two, size=20)  # exactly what is left still fits
        assert rest.status_code == 201 and rest.json()["last"] == 99999
    assert agency  # the office exists


def test_one_clerk_cannot_use_up_the_offices_numbers(start_backend, cards):
    """The attack of issue 12 (item 3): 50 lease requests by one clerk stopped the whole
    office's reception for the day (503 on every new dossier)."""
    from backend.dossiers.leases import MAX_UNUSED_PER_DAY

    api = start_backend()
    with api.as_user("canbo1") as greedy, api.as_user("canbo2") as other:
        answers = [lease(greedy, size=100) for _ in range(50)]
        granted = [a.json() for a in answers if a.status_code == 201]
        held_numbers = sum(g["last"] - g["first"] + 1 for g in granted)
        assert held_numbers <= MAX_UNUSED_PER_DAY
        refused = [a for a in answers if a.status_code != 201]
        assert refused and all(a.status_code == 429 for a in refused)
        assert "tối đa" in refused[0].json()["detail"]
        # the other counters and online reception go on as before
        assert lease(other, size=20).status_code == 201
        d = new_dossier(other, matched_card(cards))
        assert d["ledger_no"] > held_numbers


def test_each_database_has_its_own_identity_on_health_and_every_lease(demo, clerk,
                                                                       start_backend):
    ours = clerk.get("/health").json()["database_id"]
    assert len(ours) == 32 and int(ours, 16)
    granted = lease(clerk, size=2).json()
    assert granted["database_id"] == ours
    assert all(x["database_id"] == ours for x in clerk.get("/dossiers/leases").json())
    other = start_backend()  # another database (same demo seed, same users, same codes)
    with other.client() as c:
        assert c.get("/health").json()["database_id"] != ours


def test_identity_survives_a_restart(start_backend, tmp_path):
    first = start_backend(data_dir=tmp_path)
    with first.client() as c:
        before = c.get("/health").json()["database_id"]
    first.backend.stop()
    again = start_backend(data_dir=tmp_path)
    with again.client() as c:
        assert c.get("/health").json()["database_id"] == before


def test_a_number_leased_by_another_database_is_refused(demo, clerk, cards):
    granted = lease(clerk, size=3).json()
    body = offline_body(cards[0], granted["id"], granted["first"], datetime.now(UTC))
    body["offline"]["database_id"] = uuid.uuid4().hex  # the lease came from elsewhere
    refused = post_offline(clerk, body)
    assert refused.status_code == 409, refused.text
    assert "máy chủ khác" in refused.json()["detail"]
    # Nothing was taken: with this database's identity the same number is accepted.
    body["offline"]["database_id"] = granted["database_id"]
    accepted = post_offline(clerk, body)
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["ledger_no"] == granted["first"]
