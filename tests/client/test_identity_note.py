"""The clerk's reason for taking a dossier whose identity the population database
contradicts travels with the dossier: online, and through the outbox while offline."""

from __future__ import annotations

import pytest

from tests.client.live import draft, named, service

pytestmark = pytest.mark.e2e
REASON = "Đã đối chiếu CCCD gốc; họ tên trên CSDL chưa cập nhật sau khi cải chính."


def test_reason_kept_offline_reaches_the_backend(live, matched_card, tmp_path):
    svc = service(live, tmp_path)
    svc.maintain()
    live.stop()
    try:
        d = named(draft(matched_card, outcome="mismatched", note=REASON), "Đỗ Thị Lý Do")
        local = svc.receive(d, "reason-key-0001")
        assert local.waiting and local.note == REASON
        assert local.identity_outcome == "mismatched"
    finally:
        live.start()
    assert svc.maintain().sent == [local.code]
    with live.http() as c:
        remote = c.get(f"/dossiers/{local.code}").json()
    assert remote["identity_outcome"] == "mismatched"
    assert remote["note"] == REASON


def test_reason_sent_online_is_on_the_dossier(live, matched_card, tmp_path):
    svc = service(live, tmp_path)
    d = named(draft(matched_card, outcome="mismatched", note=REASON), "Đỗ Văn Trực Tuyến")
    dossier = svc.receive(d, "reason-key-0002")
    assert not dossier.waiting and dossier.note == REASON
