"""The live stream's framing and the queue's typed models (no network)."""

from __future__ import annotations

import json

from counter_app.client.events import SseMessage, parse_sse
from counter_app.client.queue import DisplaySnapshot, QueueEvent

TICKET = {"id": 7, "number": "A015", "service_code": "HT", "service_name": "Hộ tịch",
          "priority": "elderly", "status": "called", "counter_no": 3,
          "issued_at": "2026-11-24T08:42:00+07:00", "called_at": "2026-11-24T08:55:10+07:00",
          "call_count": 1, "waiting_ahead": 0, "transferred_from": None, "source": "kiosk"}
EVENT = {"type": "called", "ticket": TICKET, "counter_no": 3,
         "at": "2026-11-24T08:55:10+07:00", "seq": 42}


def test_sse_messages_keepalives_and_multiline_data():
    lines = ["retry: 1000", ": connected", "", "id: 42", "event: called",
             "data: " + json.dumps(EVENT, ensure_ascii=False), "", ": keep-alive", "",
             "data: a", "data: b", ""]
    messages = list(parse_sse(lines))
    assert messages[0] == SseMessage("called", json.dumps(EVENT, ensure_ascii=False), "42")
    assert messages[1].data == "a\nb" and messages[1].event == "message"
    assert len(messages) == 2


def test_event_and_ticket_models():
    event = QueueEvent.from_json(EVENT)
    assert event.is_call and event.seq == 42 and event.counter_no == 3
    assert event.ticket.number == "A015" and event.ticket.priority_label == "Người cao tuổi"
    assert event.ticket.status_label == "Đang gọi"
    snapshot = DisplaySnapshot.from_json({
        "office": {"code": "X", "name": "UBND phường Ba Đình", "agency_code": "1"},
        "counters": [{"no": 3, "name": "Quầy số 3", "current_number": "A015"}],
        "last_calls": [EVENT]})
    assert snapshot.last_seq == 42 and snapshot.counters[0].current_number == "A015"
