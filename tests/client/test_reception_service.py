"""ReceptionService against the real backend over loopback: online, offline, the timeout
that did create the dossier, and the refusals that must not print anything."""

from __future__ import annotations

import re
from dataclasses import replace

import httpx
import pytest

from counter_app.client import errors
from counter_app.client.outbox import DISK_FULL, OutboxError
from counter_app.client.outbox_key import OutboxKey
from counter_app.client.reception import NoLeasedNumber, ReceptionService, open_service
from tests.client.live import (
    KEY,
    Recording,
    dossiers_named,
    draft,
    named,
    office_today,
    service,
)

pytestmark = pytest.mark.e2e


def test_online_receive_uses_a_leased_number_and_leaves_nothing_waiting(live, matched_card,
                                                                        tmp_path):
    svc = service(live, tmp_path)
    assert svc.maintain().stopped is None
    free = svc.keeper.book.free_count("canbo1", office_today())
    assert free >= 5
    [lease] = svc.keeper.book.leases("canbo1", office_today())

    dossier = svc.receive(named(draft(matched_card), "Trần Văn Trực Tuyến"), "online-key-0001")
    assert not dossier.waiting
    assert dossier.ledger_no == lease.first
    assert dossier.code == f"{lease.agency_code}-{office_today():%y%m%d}-{lease.first:04d}"
    # the name was changed after the card: the backend records its own check (issue 12.8)
    assert dossier.identity_outcome == "mismatched"
    assert svc.counts().pending == 0
    assert dossiers_named(live, "Trần Văn Trực Tuyến") == [dossier.code]
    page = httpx.get(dossier.tracking_url, timeout=5)
    assert page.status_code == 200 and dossier.code in page.text


def test_offline_receipt_has_its_final_code_and_reaches_the_backend_once(live, matched_card,
                                                                         tmp_path):
    svc = service(live, tmp_path)
    svc.maintain()
    live.stop()
    try:
        name = "Lê Thị Ngoại Tuyến"
        d = named(draft(matched_card, outcome="unavailable"), name)
        local = svc.receive(d, "offline-key-0001")
        assert local.waiting and local.offline
        assert re.fullmatch(r"[0-9A-Z.]+-\d{6}-\d{4}", local.code)
        assert local.tracking_url.startswith(live.base_url + "/t/")
        assert len(local.tracking_url.rsplit("/", 1)[1]) == 32
        assert local.identity_outcome == "unverified"
        assert svc.online is False
        second = svc.receive(named(d, name + " Hai"), "offline-key-0002")  # no network wait
        assert second.ledger_no == local.ledger_no + 1
        assert svc.counts().pending == 2
        assert svc.maintain().stopped == "offline"
    finally:
        live.start()
    result = svc.maintain()
    assert result.stopped is None and result.sent == [local.code, second.code]
    assert svc.counts().pending == 0
    assert dossiers_named(live, name) == [local.code]
    with live.http() as c:
        remote = c.get(f"/dossiers/{local.code}").json()
    assert remote["tracking_url"] == local.tracking_url  # the printed QR works
    assert remote["received_at"] == local.received_at.isoformat()
    assert remote["due_at"] == local.due_at.isoformat()  # same office calendar, same rule
    assert remote["offline"] is True and remote["identity_rechecked"] is True
    assert httpx.get(local.tracking_url, timeout=5).status_code == 200


def test_timeout_after_the_backend_created_it_never_makes_a_second_dossier(live, matched_card,
                                                                           tmp_path):
    recording = Recording()
    svc = service(live, tmp_path, transport=recording)
    svc.maintain()
    recording.lose = 1
    name = "Phạm Văn Hết Giờ"
    local = svc.receive(named(draft(matched_card), name), "timeout-key-0001")
    assert local.waiting  # the clerk got a receipt with the leased code
    assert dossiers_named(live, name) == [local.code]  # …and the backend already has it
    assert svc.maintain().sent == [local.code]
    assert svc.counts().pending == 0
    assert dossiers_named(live, name) == [local.code]  # still once
    posts = recording.dossier_posts()
    assert len(posts) == 2 and posts[0] == posts[1]  # same key, byte-identical body


def test_a_restart_never_reuses_a_number(live, matched_card, tmp_path):
    svc = service(live, tmp_path)
    svc.maintain()
    svc.online = False  # as after a failed try: straight to the outbox
    first = svc.receive(named(draft(matched_card), "Võ Văn Khởi Động"), "restart-key-0001")
    svc.close()

    again = service(live, tmp_path)  # a new process on the same data folder and key
    again.online = False
    second = again.receive(named(draft(matched_card), "Võ Văn Khởi Động Lại"),
                           "restart-key-0002")
    assert second.ledger_no == first.ledger_no + 1
    assert [w.code for w in again.waiting()] == [first.code, second.code]
    again.online = None
    assert again.maintain().sent == [first.code, second.code]


def test_no_leased_number_offline_prints_nothing(live, matched_card, tmp_path):
    svc = service(live, tmp_path)  # never online long enough to lease
    live.stop()
    try:
        svc.online = False
        with pytest.raises(NoLeasedNumber) as failed:
            svc.receive(draft(matched_card), "no-number-key-0001")
        assert "KHÔNG in biên nhận" in failed.value.message
        assert svc.counts().pending == 0
        svc.online = None
        with pytest.raises(NoLeasedNumber):  # tried online, unreachable: same answer
            svc.receive(draft(matched_card), "no-number-key-0002")
    finally:
        live.start()


class OlderBackend(httpx.HTTPTransport):
    """The office server is not updated yet: no lease endpoint (404)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/dossiers/leases"):
            return httpx.Response(404, json={"detail": "Not Found"})
        return super().handle_request(request)


def test_without_a_lease_online_still_works_the_old_way(live, matched_card, tmp_path):
    svc = service(live, tmp_path, transport=OlderBackend())
    assert svc.maintain().stopped is None  # the lease refused, the rest goes on
    name = "Đỗ Văn Chưa Thuê"
    dossier = svc.receive(named(draft(matched_card), name), "plain-key-0001")
    assert not dossier.waiting and not dossier.offline
    assert dossiers_named(live, name) == [dossier.code]
    assert svc.counts().pending == 0


def test_refused_at_once_is_shown_and_not_kept(live, matched_card, tmp_path):
    svc = service(live, tmp_path)
    svc.maintain()
    free = svc.keeper.book.free_count("canbo1", office_today())
    bad = draft(matched_card, result_delivery="post")  # by post without an address: 422
    with pytest.raises(errors.Rejected) as refused:
        svc.receive(bad, "refused-key-0001")
    assert "địa chỉ" in refused.value.message
    assert svc.counts().pending == 0 and svc.counts().conflicts == 0
    assert svc.keeper.book.free_count("canbo1", office_today()) == free - 1  # a gap, not reused


def test_full_disk_refuses_before_anything_reaches_the_backend(live, matched_card, tmp_path):
    recording = Recording()
    svc = service(live, tmp_path, transport=recording)
    svc.maintain()
    db = svc.outbox._db
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0] + 2}")
    svc.online = False  # rows pile up in the outbox until the "disk" is full
    huge = replace(draft(matched_card), note="x" * 900)
    with pytest.raises(OutboxError):
        for i in range(20):
            svc.receive(replace(huge, note=f"{i}" + "x" * 900), f"fill-{i:04d}-key")
    kept = svc.counts().pending
    free = svc.keeper.book.free_count("canbo1", office_today())
    svc.online = None  # the backend answers: still nothing may be sent before the row is kept
    with pytest.raises(OutboxError) as failed:
        svc.receive(replace(huge, note="the last one" + "x" * 900), "disk-full-key-0001")
    assert failed.value.message == DISK_FULL
    assert recording.dossier_posts() == []  # nothing sent: nothing to print
    assert svc.counts().pending == kept
    assert svc.keeper.book.free_count("canbo1", office_today()) == free  # number not consumed


def test_headless_entry_works_offline_from_what_it_saved(live, matched_card, tmp_path):
    svc = open_service(live.base_url, tmp_path, username="canbo1", password="canbo1",
                       outbox_key=KEY)
    svc.maintain()
    token = svc.api.token
    svc.close()
    live.stop()
    try:
        offline = open_service(live.base_url, tmp_path, username="canbo1", token=token,
                               outbox_key=KEY, timeout=1.0)
        assert offline.user.username == "canbo1"
        d = offline.receive(draft(matched_card), "headless-key-0001")
        assert d.waiting and d.procedure.code == "2.000908"
    finally:
        live.start()
    assert offline.maintain().sent == [d.code]


def test_headless_with_a_token_only_works_offline_after_one_online_start(live, matched_card,
                                                                         tmp_path):
    with live.http() as c:
        token = c.headers["Authorization"].split()[1]
        first = open_service(live.base_url, tmp_path, token=token, outbox_key=KEY)
        first.maintain()  # leases, and the user saved for later
        first.close()
        live.stop()
        try:
            again = open_service(live.base_url, tmp_path, token=token, outbox_key=KEY,
                                 timeout=1.0)
            assert again.user.username == "canbo1" and again.api.token == token
            d = again.receive(draft(matched_card), "token-only-key-0001")
            assert d.waiting
        finally:
            live.start()
        assert again.maintain().sent == [d.code]


def test_waiting_list_masks_the_applicant(live, matched_card, tmp_path):
    svc = service(live, tmp_path)
    svc.maintain()
    svc.online = False
    d = svc.receive(named(draft(matched_card), "Hoàng Thị Mai Anh"), "masked-key-0001")
    [item] = svc.waiting()
    assert item.code == d.code and item.state == "pending"
    assert item.applicant.startswith("Hoàng T. M. A. · ")
    assert d.applicant["id_number"] not in item.applicant
    assert item.applicant.endswith(d.applicant["id_number"][-3:])


def test_no_keyring_warning_reaches_the_service(live, tmp_path):
    svc = ReceptionService(service(live, tmp_path).api, tmp_path / "other",
                           key=OutboxKey(use_keyring=False))
    assert svc.warning is None  # not known until the outbox is opened
    _ = svc.outbox
    assert svc.warning and "thư mục dữ liệu" in svc.warning
    assert (tmp_path / "other" / "outbox.key").exists()


def test_a_pc_clock_ten_minutes_fast_is_corrected_by_the_backend_s(live, matched_card,
                                                                  tmp_path, monkeypatch):
    import time as real_time
    from datetime import datetime as real_datetime
    from datetime import timedelta
    from types import SimpleNamespace

    from counter_app.client import server_clock
    from counter_app.domain import clock
    from counter_app.domain.clock import SystemClock

    class FastClock(SystemClock):  # this PC's clock, ten minutes ahead
        def now(self):
            return super().now() + timedelta(minutes=10)

    monkeypatch.setattr(clock, "_current", FastClock())
    monkeypatch.setattr(server_clock, "time", SimpleNamespace(time=lambda: real_time.time() + 600))
    svc = service(live, tmp_path)
    svc.keeper.ensure("canbo1", office_today())  # leased, clock not measured yet
    with pytest.raises(errors.Rejected) as refused:
        svc.receive(draft(matched_card), "fast-clock-key-0001")
    assert "tương lai" in refused.value.message  # without the correction: refused, no print

    assert svc.maintain().stopped is None  # measures the backend's clock
    assert -610 < svc.clock.offset < -590
    dossier = svc.receive(draft(matched_card), "fast-clock-key-0002")
    assert not dossier.waiting
    assert abs((dossier.received_at - real_datetime.now(dossier.received_at.tzinfo))
               .total_seconds()) < 5
    assert svc.outbox.meta("server_clock_offset")  # kept for an offline start


def test_numbers_for_the_next_working_day_are_leased_too(live, matched_card, tmp_path):
    from datetime import datetime, timedelta

    from counter_app.domain.calendar import OFFICE_TZ

    svc = service(live, tmp_path)
    assert svc.maintain().stopped is None
    tomorrow = svc.calendar.next_working_day(office_today())
    [lease] = svc.keeper.book.leases("canbo1", tomorrow)
    assert lease.last - lease.first + 1 == 20
    # Tomorrow 08:00 the office server is down from the start: the counter still receives.
    opening = datetime.combine(tomorrow, datetime.min.time(), OFFICE_TZ) + timedelta(hours=8)
    svc.clock.offset = (opening - datetime.now(OFFICE_TZ)).total_seconds()
    svc.online = False
    d = svc.receive(draft(matched_card), "tomorrow-key-0001")
    assert d.waiting and d.ledger_no == lease.first
    assert d.code == f"{lease.agency_code}-{tomorrow:%y%m%d}-{lease.first:04d}"


def test_the_counters_own_record_is_offered_before_the_backend_has_it(live, matched_card,
                                                                       tmp_path):
    svc = service(live, tmp_path)
    svc.maintain()
    name = "Phan Thị Đi Trước"
    seen = []

    def early(local):
        seen.append((local, dossiers_named(live, name), svc.counts().pending))

    dossier = svc.receive(named(draft(matched_card), name), "early-key-0001", on_local=early)
    [(local, on_backend, pending)] = seen
    assert on_backend == [] and pending == 1  # written on this PC, not sent yet
    assert local.waiting and not dossier.waiting
    assert (local.code, local.tracking_url, local.due_at) == (
        dossier.code, dossier.tracking_url, dossier.due_at)


def test_an_early_use_that_fails_does_not_stop_the_dossier(live, matched_card, tmp_path):
    svc = service(live, tmp_path)
    svc.maintain()

    def broken(local):
        raise RuntimeError("the render thread is gone")

    name = "Võ Văn Vẫn Lưu"
    dossier = svc.receive(named(draft(matched_card), name), "early-key-0002", on_local=broken)
    assert dossiers_named(live, name) == [dossier.code]


def test_known_offline_nothing_is_offered_early(live, matched_card, tmp_path):
    svc = service(live, tmp_path)
    svc.maintain()
    svc.online = False
    seen = []
    d = named(draft(matched_card, outcome="unavailable"), "Mai Thị Chờ Mạng")
    local = svc.receive(d, "early-key-0003", on_local=seen.append)
    assert local.waiting and seen == []  # the waiting dossier itself is printed at once
