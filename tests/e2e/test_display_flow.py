"""The lobby display against the real backend: a call made at a counter shows within a
second, lights up the counter and is announced once, in order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from counter_app.client.api import ApiClient, new_idempotency_key
from counter_app.client.queue import QueueApi
from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from tests.ui.test_display_announcer import FakeSpeech
from ui.display.announcer import spoken_call

pytestmark = pytest.mark.e2e


def api_as(backend, username: str) -> QueueApi:
    api = ApiClient(backend.base_url)
    api.login(username, username)
    return QueueApi(api)


def free(clerk: QueueApi, counter_no: int) -> QueueApi:
    """Counters keep their ticket between tests: close it so the counter can call again."""
    counter = next(c for c in clerk.counters() if c.no == counter_no)
    current = counter.current_ticket
    if current is not None and current.status == "called":
        clerk.no_show(current.id)
    elif current is not None:
        clerk.finish(current.id)
    return clerk


@pytest.fixture
def display(qtbot, backend, tmp_path):
    from ui.display.display_app import DisplayController

    speech = FakeSpeech(talk_ms=150)
    controller = DisplayController(Settings(tmp_path / "settings.json"),
                                   lambda: (backend.base_url, "thử"),
                                   tokens=TokenStore(use_keyring=False), speech=speech,
                                   audio=False)
    controller.announcer.chime_ms = 30
    controller.start()
    qtbot.waitUntil(lambda: controller.live and bool(controller.window.cards), timeout=15_000)
    yield controller
    controller.shutdown()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()


def test_a_call_from_a_counter_shows_within_a_second(qtbot, backend, display):
    kiosk = api_as(backend, "kiosk1")
    clerk = free(api_as(backend, "canbo3"), 3)  # counter 3: DD, KD
    ticket = kiosk.issue("DD", None, new_idempotency_key())
    window = display.window
    assert window.office.text() == "UBND phường Ba Đình"

    called = clerk.call(ticket.id, 3)  # how fast it shows is a benchmark, not a test
    qtbot.waitUntil(lambda: window.current_number(3) == ticket.number, timeout=15_000)
    assert called.number == ticket.number
    assert window.cards[3].property("flash") is True
    assert window.calls[0] == (ticket.number, 3)
    qtbot.waitUntil(lambda: spoken_call(ticket.number, 3) in display.announcer.speech.said,
                    timeout=15_000)
    assert ticket.number in window.banner.text()


def test_two_calls_are_announced_one_after_the_other(qtbot, backend, display):
    kiosk = api_as(backend, "kiosk1")
    first = kiosk.issue("HT", None, new_idempotency_key())
    second = kiosk.issue("KD", None, new_idempotency_key())
    free(api_as(backend, "canbo4"), 4).call(first.id, 4)  # counter 4: HT, TKQ
    free(api_as(backend, "canbo3"), 3).call(second.id, 3)
    speech = display.announcer.speech
    qtbot.waitUntil(lambda: spoken_call(second.number, 3) in speech.said, timeout=15_000)
    assert speech.said.index(spoken_call(first.number, 4)) < \
        speech.said.index(spoken_call(second.number, 3))
    assert not speech.cut_off
    assert window_numbers(display.window) >= {first.number, second.number}


def window_numbers(window) -> set[str]:
    return {n for n, _c in window.calls}
