"""The counter asks for the office's day when the clerk saves "today's" ledger, even on a
PC whose own date is still yesterday (real backend on loopback)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from counter_app.domain.calendar import OFFICE_TZ

pytestmark = pytest.mark.e2e


def test_export_ledger_saves_the_offices_today(qtbot, counter, clock, pc_in_los_angeles,
                                               tmp_path, monkeypatch):
    clock.set(datetime(2026, 3, 1, 1, 30, tzinfo=OFFICE_TZ))  # 28/02 on this PC
    asked: list[date] = []
    real = counter.api.ledger
    monkeypatch.setattr(counter.api, "ledger", lambda day, fmt: asked.append(day) or real(day, fmt))
    target = tmp_path / "so.csv"
    counter.window.export_ledger(str(target))
    qtbot.waitUntil(target.exists, timeout=10_000)
    assert asked == [date(2026, 3, 1)]
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # the backend's CSV, saved as sent
