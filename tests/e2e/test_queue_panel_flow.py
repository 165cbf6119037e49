"""The clerk's queue panel against the real backend: call, recall, start, finish,
no-show, and a waiting list that follows the kiosk live."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from counter_app.client.api import ApiClient, new_idempotency_key
from counter_app.client.queue import QueueApi
from counter_app.settings import Settings
from counter_app.token_store import TokenStore

pytestmark = pytest.mark.e2e


@pytest.fixture
def kiosk(backend):
    api = ApiClient(backend.base_url)
    api.login("kiosk1", "kiosk1")
    yield QueueApi(api)
    api.close()


@pytest.fixture
def panel(qtbot, backend, tmp_path):
    from printing.settings import PrinterSettings
    from ui.common.context import AppContext
    from ui.counter.queue.queue_panel import QueuePanel
    from ui.printers.receipt_printer import ReceiptPrinter

    api = ApiClient(backend.base_url)
    session = api.login("canbo1", "canbo1")  # counter 1, service HT
    ctx = AppContext(api=api, settings=Settings(tmp_path / "settings.json"),
                     tokens=TokenStore(use_keyring=False),
                     receipts=ReceiptPrinter(PrinterSettings()), health=api.health(),
                     session=session)
    panel = QueuePanel(ctx)
    panel.show()
    qtbot.waitUntil(lambda: panel.counter is not None, timeout=10_000)
    qtbot.waitUntil(lambda: "trực tiếp" in panel.live.text(), timeout=10_000)
    yield panel
    panel.shutdown()
    panel.close()
    panel.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()
    ctx.receipts.close()
    api.close()


def clear_counter(qtbot, panel) -> None:
    """Whatever an earlier test left at this counter is finished first."""
    if panel.current is not None and panel.current.status == "called":
        panel.start()
        # The live stream may say "serving" before the start request's own answer is back;
        # until then the panel is busy and ignores F6, as it does for a clerk.
        qtbot.waitUntil(lambda: panel.current.status == "serving" and not panel.busy,
                        timeout=15_000)
    if panel.current is not None:
        panel.finish()
        qtbot.waitUntil(lambda: panel.current is None and not panel.busy, timeout=15_000)


def numbers(panel) -> list[str]:
    return [t.number for t in panel.waiting.tickets]


def test_call_recall_start_finish_and_no_show(qtbot, panel, kiosk):
    clear_counter(qtbot, panel)
    issued = [kiosk.issue("HT", None, new_idempotency_key()) for _ in range(2)]
    # Live: the kiosk's tickets appear without anyone refreshing.
    qtbot.waitUntil(lambda: all(t.number in numbers(panel) for t in issued), timeout=15_000)
    before = len(panel.waiting.tickets)

    with qtbot.waitSignal(panel.sig_ticket_called, timeout=15_000) as called:
        panel.call_next()
    first = called.args[0]
    assert panel.current.id == first.id and first.status == "called"
    assert panel.number.text() == first.number
    qtbot.waitUntil(lambda: len(panel.waiting.tickets) == before - 1, timeout=15_000)
    assert first.number not in numbers(panel)

    with qtbot.waitSignal(panel.sig_ticket_called, timeout=15_000):
        panel.recall()
    assert panel.current.call_count == 2 and "lần 2" in panel.state.text()

    with qtbot.waitSignal(panel.sig_ticket_called, timeout=15_000) as started:
        panel.start()
    assert started.args[0].status == "serving" and panel.state.text() == "Đang phục vụ"
    assert not panel.call_next_button.isEnabled()

    panel.finish()
    qtbot.waitUntil(lambda: panel.current is None and not panel.busy, timeout=15_000)
    assert "Đã xong" in panel.message.text(), panel.message.text()
    assert panel.call_next_button.isEnabled()

    with qtbot.waitSignal(panel.sig_ticket_called, timeout=15_000) as called:
        panel.call_next()
    second = called.args[0]
    panel.no_show()
    qtbot.waitUntil(lambda: panel.current is None and not panel.busy, timeout=15_000)
    assert "vắng mặt" in panel.message.text()
    qtbot.waitUntil(lambda: second.number not in numbers(panel), timeout=15_000)


def test_call_a_chosen_ticket_and_return_it(qtbot, panel, kiosk):
    clear_counter(qtbot, panel)
    ticket = kiosk.issue("HT", None, new_idempotency_key())
    qtbot.waitUntil(lambda: ticket.number in numbers(panel), timeout=15_000)
    panel.waiting.selectRow(numbers(panel).index(ticket.number))
    assert panel.waiting.selected().id == ticket.id
    with qtbot.waitSignal(panel.sig_ticket_called, timeout=15_000) as called:
        panel.waiting._on_enter()  # the Enter shortcut's handler
    assert called.args[0].id == ticket.id
    assert not panel.return_button.isEnabled()

    panel.no_show()
    qtbot.waitUntil(lambda: panel.current is None and not panel.busy, timeout=15_000)
    qtbot.waitUntil(lambda: ticket.number not in numbers(panel), timeout=15_000)
    assert ticket.number in panel.return_button.text() and panel.return_button.isEnabled()
    panel.return_to_queue()  # the citizen came back late: same number, same place
    qtbot.waitUntil(lambda: ticket.number in numbers(panel), timeout=15_000)
    assert panel.last_no_show is None and not panel.return_button.isEnabled()


def test_pause_and_resume_the_counter(qtbot, panel):
    panel.pause("Họp")
    qtbot.waitUntil(lambda: panel.counter.state == "paused", timeout=15_000)
    assert "tạm dừng: Họp" in panel.counter_label.text()
    assert not panel.call_next_button.isEnabled()
    panel.resume()
    qtbot.waitUntil(lambda: panel.counter.state == "open", timeout=15_000)


def test_clerk_issues_and_prints_a_ticket(qtbot, panel):
    issuer = panel._ticket_issuer()
    with qtbot.waitSignal(issuer.sig_issued, timeout=10_000) as issued:
        panel.issue_ticket("HT", "pregnant")
    ticket = issued.args[0]
    assert ticket.source == "counter" and ticket.priority == "pregnant"
    assert f"Đã cấp số {ticket.number}" in panel.message.text()
    qtbot.waitUntil(lambda: ticket.number in numbers(panel), timeout=15_000)
    pages = panel.ctx.receipts.transport.pages
    assert pages[-1].title == f"Phiếu số {ticket.number}"


def test_transfer_to_another_service_leaves_this_counter(qtbot, panel, kiosk, monkeypatch):
    clear_counter(qtbot, panel)
    ticket = kiosk.issue("HT", None, new_idempotency_key())
    qtbot.waitUntil(lambda: ticket.number in numbers(panel), timeout=15_000)
    panel.waiting.selectRow(numbers(panel).index(ticket.number))
    with qtbot.waitSignal(panel.sig_ticket_called, timeout=15_000):
        panel.waiting._on_enter()
    # What the list shows after the live event of the transfer (not after some delay).
    seen: list[tuple[str, object]] = []
    panel.bridge.sig_event.connect(
        lambda e: seen.append(("event", e)) if e.ticket and e.ticket.id == ticket.id
        and e.ticket.service_code == "DD" else None)
    shown = panel.waiting.set_tickets
    monkeypatch.setattr(panel.waiting, "set_tickets",
                        lambda ts: (seen.append(("shown", [t.number for t in ts])), shown(ts)))
    panel.transfer(service_code="DD")  # counter 1 serves HT only
    qtbot.waitUntil(lambda: panel.current is None and not panel.busy, timeout=15_000)
    assert "đã chuyển" in panel.message.text()
    kinds = lambda: [k for k, _ in seen]  # noqa: E731
    qtbot.waitUntil(lambda: "event" in kinds() and "shown" in kinds()[kinds().index("event"):],
                    timeout=15_000)
    last_shown = [v for k, v in seen if k == "shown"][-1]
    assert ticket.number not in last_shown and ticket.number not in numbers(panel)


def test_the_outcome_message_tells_the_offices_time_from_the_context_clock(qtbot, panel, kiosk):
    from datetime import UTC, datetime

    from counter_app.domain.clock import ManualClock

    clear_counter(qtbot, panel)
    ticket = kiosk.issue("HT", None, new_idempotency_key())
    qtbot.waitUntil(lambda: ticket.number in numbers(panel), timeout=15_000)
    panel.ctx.clock = ManualClock(datetime(2026, 3, 4, 18, 0, tzinfo=UTC))  # 01:00 at the office
    with qtbot.waitSignal(panel.sig_ticket_called, timeout=15_000):
        panel.call_next()
    assert panel.message.text().endswith(" lúc 01:00."), panel.message.text()
    clear_counter(qtbot, panel)
