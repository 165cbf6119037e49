"""Replaying the outbox to the real backend: order, keys, conflicts kept with their
Vietnamese detail, stops that lose nothing, and the lease keeper."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from counter_app.client.api import ApiClient
from counter_app.client.leases import LeaseBook
from counter_app.client.offline_dossier import code_for, encode, offline_body
from counter_app.client.outbox import Outbox
from counter_app.client.outbox_key import OutboxKey
from counter_app.client.sync import MAX_SERVER_ERRORS, UNREADABLE, Backoff, Syncer
from tests.client.live import (
    Recording,
    dossiers_named,
    draft,
    named,
    office_today,
    service,
)

pytestmark = pytest.mark.e2e


def offline_service(live, folder, **kw):
    svc = service(live, folder, **kw)
    assert svc.maintain().stopped is None  # leases while online
    svc.online = False  # then the network goes: every receipt waits in the outbox
    return svc


def test_replay_in_seq_order_with_the_original_keys_and_bytes(live, matched_card, tmp_path):
    recording = Recording()
    svc = offline_service(live, tmp_path, transport=recording)
    made = [svc.receive(named(draft(matched_card), f"Thứ Tự Số {i}"), f"order-key-{i:04d}")
            for i in range(4)]
    rows = svc.outbox.pending()
    assert [r.code for r in rows] == [d.code for d in made]
    bodies = [svc.outbox.body(r) for r in rows]

    result = svc.sync()
    assert result.stopped is None and result.sent == [d.code for d in made]
    assert recording.dossier_posts() == [(f"order-key-{i:04d}", bodies[i]) for i in range(4)]
    assert svc.counts().pending == 0
    for i, d in enumerate(made):
        assert dossiers_named(live, f"Thứ Tự Số {i}") == [d.code]


def test_unreachable_stops_keeps_everything_and_backs_off(live, matched_card, tmp_path):
    svc = offline_service(live, tmp_path)
    for i in range(2):
        svc.receive(named(draft(matched_card), f"Chờ Mạng {i}"), f"wait-key-{i:04d}")
    live.stop()
    try:
        result = svc.sync()
        assert result.stopped == "offline" and result.sent == []
        assert "Không kết nối được máy chủ" in result.message
        rows = svc.outbox.pending()
        assert len(rows) == 2 and rows[0].attempts == 1 and rows[1].attempts == 0
        assert not svc.sync_due() and svc.syncer.backoff.delay() > 3  # not hammering
    finally:
        live.start()
    svc.syncer.backoff.reset()
    assert len(svc.sync().sent) == 2
    assert svc.counts().pending == 0


def test_conflicts_are_kept_with_their_detail_and_the_queue_goes_on(live, matched_card,
                                                                    tmp_path):
    svc = offline_service(live, tmp_path)
    first = svc.receive(named(draft(matched_card), "Xung Đột Gốc"), "conflict-key-0001")
    assert svc.sync().sent == [first.code]
    # The data folder is restored from last night's backup: the outbox forgets that the
    # number was used, and hands it out again under a new key.
    with svc.outbox.transaction() as db:
        db.execute("DELETE FROM used_numbers")
    svc.online = False
    reused = svc.receive(named(draft(matched_card), "Xung Đột Trùng Số"), "conflict-key-0002")
    assert reused.code == first.code
    # A receipt stamped on another day than its lease (a PC clock gone wrong at midnight).
    user = svc.user.username
    with svc.outbox.transaction() as db:
        lease, number = LeaseBook.take(db, user, office_today(),
                                       svc.keeper.book.backend_id)
        body = offline_body(named(draft(matched_card), "Sai Ngày"), lease, number,
                            svc.clock.now() - timedelta(days=1), "t" * 32)
        svc.outbox.insert(db, kind="dossier", method="POST", path="/dossiers",
                          key="conflict-key-0003", username=user, body=encode(body),
                          code=code_for(lease, number))
    later = svc.receive(named(draft(matched_card), "Xung Đột Sau"), "conflict-key-0004")

    result = svc.sync()
    assert result.sent == [later.code]  # the rows after the conflicts still went
    assert len(result.conflicts) == 2
    conflicts = svc.waiting("conflict")
    assert [c.code for c in conflicts] == [first.code, code_for(lease, number)]
    assert conflicts[0].detail == f"Số hồ sơ {first.code} đã được dùng cho hồ sơ khác."
    assert "không dùng được số cấp trước" in conflicts[1].detail
    assert dossiers_named(live, "Xung Đột Trùng Số") == []  # never silently created
    assert dossiers_named(live, "Xung Đột Gốc") == [first.code]

    assert svc.retry(conflicts[0].seq)  # the clerk tries again: same answer, still kept
    assert svc.sync().conflicts == [first.code]
    assert svc.mark_handled(conflicts[0].seq)
    assert [c.code for c in svc.waiting("conflict")] == [code_for(lease, number)]
    [(seq, code, detail, _at, by)] = svc.outbox.handled()
    assert (seq, code, by) == (conflicts[0].seq, first.code, "canbo1")
    assert "đã được dùng" in detail


def test_expired_session_stops_without_losing_rows(live, matched_card, tmp_path):
    svc = offline_service(live, tmp_path)
    svc.receive(draft(matched_card), "expired-key-0001")
    svc.api.token = "revoked-or-expired"
    result = svc.sync()
    assert result.stopped == "unauthorized"
    [row] = svc.outbox.pending()
    assert row.state == "pending" and row.attempts == 0
    svc.api.login("canbo1", "canbo1")
    assert len(svc.sync().sent) == 1


def test_rows_of_another_clerk_wait_for_that_clerk(live, matched_card, tmp_path):
    svc = offline_service(live, tmp_path)
    mine = svc.receive(draft(matched_card), "clerk-key-0001")
    other = service(live, tmp_path, user="canbo2")  # the next shift on the same PC
    assert other.sync().sent == []
    assert other.counts().pending == 1  # still shown as waiting on this PC
    assert svc.sync().sent == [mine.code]


def test_a_row_this_pc_cannot_decrypt_is_unreadable_never_a_server_refusal(
        live, matched_card, tmp_path):
    svc = offline_service(live, tmp_path)
    lost = svc.receive(named(draft(matched_card), "Khóa Mất"), "lost-key-0001")
    svc.close()
    # Next start with another key (the old one is gone): the old row cannot be opened.
    after = service(live, tmp_path, key=OutboxKey(key=b"n" * 32))
    after.online = False
    later = after.receive(named(draft(matched_card), "Khóa Mới"), "lost-key-0002")
    after.online = None
    result = after.maintain()
    assert result.sent == [later.code] and result.unreadable == [lost.code]
    assert result.conflicts == []
    counts = after.counts()
    assert (counts.pending, counts.conflicts, counts.unreadable) == (0, 0, 1)
    assert after.waiting("conflict") == []  # nothing the server refused
    [item] = after.waiting()
    assert (item.code, item.state) == (lost.code, "unreadable")
    assert item.detail == UNREADABLE.format(code=lost.code)
    assert "không phải máy chủ từ chối" in item.detail
    assert item.applicant == "(không giải mã được)"
    assert after.mark_handled(item.seq)  # re-entered from the office copy: record kept
    counts = after.counts()
    assert (counts.pending, counts.conflicts, counts.unreadable) == (0, 0, 0)


def test_server_errors_stop_then_give_up_into_a_conflict(tmp_path):
    """5xx cannot be provoked on the real backend: a broken server answers here."""
    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"detail": "Máy chủ gặp lỗi nội bộ."})

    outbox = Outbox(tmp_path, OutboxKey(key=b"s" * 32))
    for i in range(2):
        outbox.add(kind="dossier", method="POST", path="/dossiers", key=f"srv-{i:04d}",
                   username="canbo1", body=json.dumps({"n": i}).encode(), code=f"C-{i}")
    api = ApiClient("http://127.0.0.1:9", transport=httpx.MockTransport(broken))
    api.token = "t"
    syncer = Syncer(outbox, api)
    for attempt in range(1, MAX_SERVER_ERRORS):
        result = syncer.run_once("canbo1")
        assert result.stopped == "server"
        assert outbox.pending()[0].attempts == attempt and outbox.pending()[1].attempts == 0
    result = syncer.run_once("canbo1")  # the fifth time the first row gives up
    assert result.conflicts == ["C-0"]
    assert "Máy chủ báo lỗi 5 lần" in outbox.conflicts()[0].last_error
    assert result.stopped == "server"  # …and the next one starts its own count


def test_lease_keeper_tops_up_and_remembers(live, matched_card, tmp_path):
    svc = service(live, tmp_path)
    svc.keeper.min_free, svc.keeper.block = 5, 6
    day = office_today()
    assert svc.keeper.ensure("canbo1", day) == 6
    svc.online = False
    for i in range(2):
        svc.receive(draft(matched_card), f"keeper-key-{i:04d}")
    assert svc.keeper.book.free_count("canbo1", day) == 4
    assert svc.keeper.ensure("canbo1", day) == 10  # below 5: another block of 6
    assert len(svc.keeper.book.leases("canbo1", day)) == 2
    svc.close()
    again = service(live, tmp_path)
    assert again.keeper.ensure("canbo1", day) == 10  # nothing new: the book was kept
    with live.http() as c:
        held = c.get("/dossiers/leases", params={"day": day.isoformat()}).json()
    assert {x.id for x in again.keeper.book.leases("canbo1", day)} <= {x["id"] for x in held}


def test_backoff_grows_and_caps():
    now = [0.0]
    backoff = Backoff(base=5, cap=60, clock=lambda: now[0])
    waits = [backoff.failed() for _ in range(6)]
    assert 4 <= waits[0] <= 5 and 8 <= waits[1] <= 10 and waits[-1] <= 60
    assert not backoff.ready()
    now[0] += 61
    assert backoff.ready()
    backoff.reset()
    assert backoff.failures == 0 and backoff.ready()
