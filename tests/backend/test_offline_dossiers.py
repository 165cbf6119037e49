"""Dossiers received while the counter was offline (issue 7): the receipt already carried
its final code and tracking QR, so the backend must keep exactly those, date the dossier
when it was received (not when it synced), replay retries, refuse anything that would
give one number to two dossiers, and re-run the eID check the counter could not."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx

from counter_app.client.dossiers import CalendarOverrides
from counter_app.client.models import Procedure
from counter_app.domain.dossier_code import format_dossier_code
from tests.backend.dossier_helpers import matched_card, new_dossier
from tests.backend.offline_helpers import (
    PROCEDURE,
    lease,
    local,
    offline_body,
    past_lease,
    post_offline,
    today,
    yesterday,
)

USED = "đã được dùng cho hồ sơ khác"


def _card(cards: list[dict], expect: str) -> dict:
    return next(c for c in cards if c["expect"] == expect)


def _expected_due(clerk: httpx.Client, received_at: datetime) -> datetime:
    calendar = CalendarOverrides.from_json(clerk.get("/calendar").json()).working_calendar()
    proc = next(p for p in clerk.get("/procedures").json() if p["code"] == PROCEDURE)
    return Procedure.from_json(proc).due_at(calendar, received_at)


def test_late_sync_keeps_the_receipts_code_times_and_qr(demo, clerk, cards):
    day = yesterday()
    held = past_lease(demo.backend.database_path, "canbo1", day, 5, local(day, 7, 45))
    received_at = local(day, 10, 20)
    body = offline_body(matched_card(cards), held["id"], held["first"] + 2, received_at)
    r = post_offline(clerk, body)
    assert r.status_code == 201, r.text
    d = r.json()
    assert d["code"] == format_dossier_code(held["agency_code"], day, held["first"] + 2)
    assert d["ledger_no"] == held["first"] + 2 and d["offline"] is True
    assert datetime.fromisoformat(d["received_at"]) == received_at
    assert datetime.fromisoformat(d["due_at"]) == _expected_due(clerk, received_at)
    assert d["history"][0]["status"] == "received"
    assert datetime.fromisoformat(d["history"][0]["at"]) == received_at
    token = body["offline"]["tracking_token"]
    assert d["tracking_token"] == token and d["tracking_url"].endswith(f"/t/{token}")
    page = httpx.get(f"{demo.base_url}/t/{token}")  # the QR on the paper receipt works
    assert page.status_code == 200 and d["code"] in page.text
    assert clerk.get(f"/dossiers/{d['code']}").json()["offline"] is True
    listed = clerk.get("/dossiers/leases", params={"day": day.isoformat()}).json()
    assert next(x for x in listed if x["id"] == held["id"])["used"] == [held["first"] + 2]


def test_retry_replays_and_a_second_use_of_a_number_is_a_conflict(clerk, cards):
    held = lease(clerk, size=5).json()
    now = datetime.now(UTC)
    body = offline_body(matched_card(cards), held["id"], held["first"], now)
    key = uuid.uuid4().hex
    first = post_offline(clerk, body, key)
    assert first.status_code == 201, first.text
    again = post_offline(clerk, body, key)  # the outbox retried after a lost answer
    assert again.status_code == 200 and again.json() == first.json()

    other = offline_body(matched_card(cards), held["id"], held["first"], now)
    clash = post_offline(clerk, other)  # another receipt printed with the same number
    assert clash.status_code == 409
    assert clash.json()["detail"] == f"Số hồ sơ {first.json()['code']} {USED}."
    changed = dict(body, note="khác")
    assert post_offline(clerk, changed, key).status_code == 409  # same key, other body
    mine = next(x for x in clerk.get("/dossiers/leases").json() if x["id"] == held["id"])
    assert mine["used"] == [held["first"]]


def test_refusals_leave_the_number_free(demo, clerk, cards):
    card = matched_card(cards)
    held = lease(clerk, size=3).json()
    now = datetime.now(UTC)
    no = held["first"]

    with demo.as_user("canbo2") as other_clerk:  # another user's lease
        foreign = post_offline(other_clerk, offline_body(card, held["id"], no, now))
    assert foreign.status_code == 409 and "không dùng được số của người khác" in \
        foreign.json()["detail"]
    outside = post_offline(clerk, offline_body(card, held["id"], held["last"] + 1, now))
    assert outside.status_code == 422 and "không thuộc khối số" in outside.json()["detail"]
    other_day = post_offline(clerk, offline_body(card, held["id"], no, now - timedelta(days=1)))
    assert other_day.status_code == 422 and "không dùng được số cấp trước cho ngày" in \
        other_day.json()["detail"]
    future = post_offline(clerk, offline_body(card, held["id"], no, now + timedelta(minutes=10)))
    assert future.status_code == 422 and "tương lai" in future.json()["detail"]
    unknown = post_offline(clerk, offline_body(card, 10**6, no, now))
    assert unknown.status_code == 409
    naive = offline_body(card, held["id"], no, now)
    naive["offline"]["received_at"] = now.replace(tzinfo=None).isoformat()
    assert post_offline(clerk, naive).status_code == 422  # a time without its offset
    short = offline_body(card, held["id"], no, now, token="abc")
    assert post_offline(clerk, short).status_code == 422  # a guessable QR token

    ok = post_offline(clerk, offline_body(card, held["id"], no, now))
    assert ok.status_code == 201, ok.text  # none of the refusals took the number
    same_token = offline_body(card, held["id"], no + 1, now,
                              token=ok.json()["tracking_token"])
    dup = post_offline(clerk, same_token)
    assert dup.status_code == 409 and "Mã theo dõi" in dup.json()["detail"]


def test_receipt_before_the_lease_was_issued_is_refused(demo, clerk, cards):
    day = yesterday()
    held = past_lease(demo.backend.database_path, "canbo1", day, 2, local(day, 9, 0))
    early = post_offline(clerk, offline_body(matched_card(cards), held["id"], held["first"],
                                             local(day, 8, 0)))
    assert early.status_code == 422 and "trước lúc cấp" in early.json()["detail"]
    skew = post_offline(clerk, offline_body(matched_card(cards), held["id"], held["first"],
                                            local(day, 8, 59)))
    assert skew.status_code == 201, skew.text  # a minute of clock drift is not a forgery


def test_unverified_applicants_are_checked_again_by_the_backend(clerk, cards):
    held = lease(clerk, size=3).json()
    now = datetime.now(UTC)
    for i, expect in enumerate(("matched", "mismatched", "not_found")):
        r = post_offline(clerk, offline_body(_card(cards, expect), held["id"],
                                             held["first"] + i, now))
        assert r.status_code == 201, r.text
        assert r.json()["identity_outcome"] == expect and r.json()["identity_rechecked"]
        stored = clerk.get(f"/dossiers/{r.json()['code']}").json()
        assert stored["identity_outcome"] == expect and stored["identity_rechecked"] is True
    online = new_dossier(clerk, matched_card(cards))
    assert online["offline"] is False and online["identity_outcome"] == "matched"


def test_recheck_through_an_unreachable_gateway_still_keeps_the_dossier(
        start_backend, fake_gateway, cards):
    api = start_backend("--identity-provider", "gateway", "--identity-gateway-url",
                        fake_gateway, "--identity-gateway-timeout", "1")
    with api.as_user("canbo1") as clerk:
        held = lease(clerk, size=2).json()
        card = dict(matched_card(cards))
        fields = card["payload"].split("|")
        ids = []
        for i, (tail, expect) in enumerate((("500", "unavailable"), ("222", "mismatched"))):
            ids.append(fields[0][:9] + tail)
            card["payload"] = "|".join([ids[-1], *fields[1:]])
            r = post_offline(clerk, offline_body(card, held["id"], held["first"] + i,
                                                 datetime.now(UTC)))
            assert r.status_code == 201, r.text
            assert (r.json()["identity_outcome"], r.json()["identity_rechecked"]) == (expect,
                                                                                      True)
        assert today().isoformat() in r.json()["received_at"]
    assert "identity re-check" in api.log_text
    assert not any(x in api.log_text for x in ids)  # full ID numbers never reach the log


def test_dossiers_from_before_the_upgrade_read_as_online(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from backend.db import Database
    from backend.startup import MIGRATIONS, migrate
    from tests.backend.test_migrations import _make_0001_demo

    path = tmp_path / "old.sqlite3"
    _make_0001_demo(path)
    db = Database(f"sqlite:///{path}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004_ratings")
        conn.execute(text(
            "INSERT INTO procedures (code, name, field, processing_days, processing_unit, fee, "
            "documents, result_delivery, sample, active) VALUES ('1.1', 'Thủ tục', 'Hộ tịch', "
            "1, 'working_days', 0, '[]', '[\"counter\"]', 1, 1)"))
        conn.execute(text(
            "INSERT INTO dossiers (office_id, code, ledger_no, tracking_token, idempotency_key, "
            "request_hash, status, received_at, due_at, procedure_code, applicant, documents, "
            "sets, result_delivery, fee, identity_outcome, received_by_id) VALUES (1, "
            "'000.00.17.H01-261124-0001', 1, 'tok', 'key12345', 'h', 'received', "
            "'2026-11-24 02:00:00', '2026-11-25 02:00:00', '1.1', '{}', '[]', 1, 'counter', 0, "
            "'matched', 1)"))
    assert migrate(db)
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT offline, lease_id, identity_rechecked FROM dossiers"))
        assert [tuple(r) for r in row] == [(0, None, 0)]
        assert conn.execute(text("SELECT COUNT(*) FROM audit_log")).scalar() == 0
    db.dispose()
