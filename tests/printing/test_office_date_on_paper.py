"""Slips carry the office's date and hour even when the backend answers in UTC.

At 18:00 UTC it is already 01:00 the next day at the office (UTC+7): a ticket, receipt or
return slip printed then must not show the previous day.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from counter_app.domain.clock import ManualClock, office_now
from printing.documents.receipt import demo_receipt, receipt_layout
from printing.documents.refusal import demo_refusal
from printing.documents.result_return import demo_result_return, result_return_layout
from printing.documents.supplement import demo_supplement
from printing.documents.ticket import demo_ticket, ticket_layout
from printing.layout import Block, KeyValue, Text
from printing.text_vi import clock_date, hour_minute_date, place_date

EVENING_UTC = datetime(2026, 2, 28, 18, 0, tzinfo=UTC)  # 01:00 on 01/03 at the office


def _words(blocks: list[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Text):
            parts.append(block.text)
        elif isinstance(block, KeyValue):
            parts.append(f"{block.key}: {block.value}")
    return "\n".join(parts)


def test_wordings_use_the_offices_clock():
    assert clock_date(EVENING_UTC) == "01:00 - 01/03/2026"
    assert hour_minute_date(EVENING_UTC) == "01 giờ 00 phút, ngày 01/03/2026"
    assert place_date("Hà Nội", EVENING_UTC) == "Hà Nội, ngày 01 tháng 03 năm 2026"
    # A naive moment is already office time: unchanged.
    assert clock_date(datetime(2026, 2, 28, 18, 0)) == "18:00 - 28/02/2026"


def test_ticket_issued_at_18_utc_prints_the_offices_next_day():
    words = _words(ticket_layout(dataclasses.replace(demo_ticket(), issued_at=EVENING_UTC)))
    assert "01:00 - 01/03/2026" in words and "28/02" not in words


def test_receipt_received_at_18_utc_prints_the_offices_date():
    data = dataclasses.replace(demo_receipt(), received_at=EVENING_UTC,
                               due_at=datetime(2026, 3, 5, 18, 0, tzinfo=UTC))
    words = _words(receipt_layout(data))
    assert "01 giờ 00 phút, ngày 01/03/2026" in words
    assert "01 giờ 00 phút, ngày 06/03/2026" in words
    assert "28/02" not in words


def test_return_slip_made_now_by_the_clock_prints_the_offices_date():
    clock = ManualClock(EVENING_UTC)
    data = dataclasses.replace(demo_result_return(), returned_at=office_now(clock))
    words = _words(result_return_layout(data))
    assert "01 giờ 00 phút, ngày 01/03/2026" in words and "28/02" not in words


def test_print_log_titles_use_office_time():
    assert "01/03 01:00" in dataclasses.replace(demo_refusal(), issued_at=EVENING_UTC).job_title
    supplement = dataclasses.replace(demo_supplement(), issued_at=EVENING_UTC, dossier_code="")
    assert "01/03 01:00" in supplement.job_title
