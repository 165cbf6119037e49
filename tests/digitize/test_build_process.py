"""Component PDFs are built in a worker process (the clerk's own process keeps its CPU for
the next save); a dead worker falls back to building here, and nothing is lost."""

from __future__ import annotations

import io
import os
import pickle
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime

import pikepdf
import pytest

from counter_app.digitize import build_process
from counter_app.digitize.errors import DigitizeError
from counter_app.digitize.pages import Page
from counter_app.domain.calendar import OFFICE_TZ
from tests.digitize.conftest import text_page

AT = datetime(2026, 12, 5, 9, 0, tzinfo=OFFICE_TZ)


@pytest.fixture
def pages() -> list[Page]:
    return [Page(text_page(n).convert("1"), 300, f"p{n}") for n in (1, 2)]


def _page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def test_the_pdf_is_built_in_another_process(pages):
    pool = build_process._get_pool()
    assert pool.submit(os.getpid).result(timeout=60) != os.getpid()
    data = build_process.build_pdf_apart(pages, title="Tờ khai", at=AT)
    assert data.startswith(b"%PDF") and _page_count(data) == 2


def test_a_dead_worker_falls_back_to_this_process(pages, monkeypatch):
    class Dead:
        def submit(self, *a, **kw):
            raise BrokenProcessPool("worker killed")

    monkeypatch.setattr(build_process, "_get_pool", lambda: Dead())
    data = build_process.build_pdf_apart(pages, title="Tờ khai", at=AT)
    assert _page_count(data) == 2


def test_the_clerks_message_survives_the_trip_between_processes():
    err = pickle.loads(pickle.dumps(DigitizeError("Ảnh hỏng", "decoder said: truncated")))
    assert err.message == "Ảnh hỏng" and str(err) == "decoder said: truncated"
    with pytest.raises(DigitizeError, match="Chưa có trang"):
        build_process.build_pdf_apart([], title="x", at=AT)
