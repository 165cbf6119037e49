"""The counter refuses a paper receipt for an online-only procedure (Directive 24/CT-TTg)
before it takes a leased number, so even offline no receipt is printed that the backend
would refuse later (real backend over loopback)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from counter_app.client import errors
from tests.client.live import draft, office_today, service

pytestmark = pytest.mark.e2e


def test_offline_counter_takes_no_number_and_keeps_nothing(live, matched_card, tmp_path):
    svc = service(live, tmp_path)
    svc.maintain()
    free = svc.keeper.book.free_count("canbo1", office_today())
    live.stop()
    try:
        svc.online = False
        paper = replace(draft(matched_card), procedure_code="1.004222")  # Đăng ký tạm trú
        with pytest.raises(errors.Conflict) as refused:
            svc.receive(paper, "online-only-key-0001")
        assert "Chỉ thị 24/CT-TTg" in refused.value.message
        assert svc.counts().pending == 0
        assert svc.keeper.book.free_count("canbo1", office_today()) == free
    finally:
        live.start()
