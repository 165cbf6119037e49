"""The lobby display's flow: window at once, then backend, device login, snapshot, live
events; each fresh call is shown, chimed and spoken through the announcer's queue.

Demo backends log in as display1/display1 (device accounts: ui/common/device_controller.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from counter_app import settings as S
from counter_app.client.events import CONNECTED, DISCONNECTED, UNAUTHORIZED
from counter_app.domain.clock import office_now
from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from ui.common.device_controller import DeviceController
from ui.common.qt_app import running_app
from ui.common.tasks import Task

if TYPE_CHECKING:
    from counter_app.client.api import ApiClient
    from counter_app.client.queue import DisplaySnapshot, QueueApi
    from ui.display.display_window import DisplayWindow

log = logging.getLogger(__name__)
# A replayed call older than this is shown but not announced: nobody is waiting for it.
ANNOUNCE_MAX_AGE = timedelta(minutes=2)


class DisplayController(DeviceController):
    demo_account = "display1"

    def __init__(self, settings: Settings, start_backend: Callable[[], tuple[str, str]],
                 tokens: TokenStore | None = None, *, speech=None, chime=None,
                 audio: bool = True) -> None:
        super().__init__(settings, start_backend, tokens)
        from ui.common.event_bridge import EventBridge
        from ui.display.announcer import Announcer
        from ui.display.display_window import DisplayWindow

        window = DisplayWindow()
        self.window: DisplayWindow | None = window
        self.device_window = window
        chime_ms = 1200
        if audio and chime is None:
            from ui.display.display_audio import chime_length_ms, make_chime, make_speech

            chime, chime_ms = make_chime(self), chime_length_ms()
            speech, why = make_speech(self)
            log.info("display voice: %s", why)
        self.announcer = Announcer(speech, chime, chime_ms=chime_ms, parent=self)
        self.announcer.sig_started.connect(window.set_banner)
        self.bridge = EventBridge(self)
        self.bridge.sig_event.connect(self._on_event)
        self.bridge.sig_state_changed.connect(self._on_stream_state)
        self.queue_api: QueueApi | None = None
        self.live = False
        self._after = 0

    def ready(self, api: ApiClient) -> None:
        from counter_app.client.queue import QueueApi

        if self.window is None:
            return
        self.queue_api = QueueApi(api)
        self.window.set_office(self.health.office if self.health else None)
        Task(self, self.queue_api.display, lambda snapshot: self._on_snapshot(api, snapshot)) \
            .failure(self._on_failed).run()

    def _on_snapshot(self, api: ApiClient, snapshot: DisplaySnapshot) -> None:
        if self.window is None:
            return
        self.window.set_snapshot(snapshot)
        self._after = max(self._after, snapshot.last_seq, self.bridge.last_seq)
        self.bridge.start(api.base_url, lambda: api.token, after=self._after,
                          ca_bundle=self.settings.get(S.CA_BUNDLE) or None)

    def _on_event(self, event) -> None:
        if self.window is None or self.api is None:
            return
        if event.type == "office_changed":
            self.ready(self.api)
            return
        fresh = office_now() - event.at < ANNOUNCE_MAX_AGE
        self.window.apply_event(event, fresh=fresh)
        if event.is_call and event.ticket is not None and fresh:
            self.announcer.announce(event.ticket.number, event.counter_no)

    def _on_stream_state(self, state: str, message: str) -> None:
        self.live = state == CONNECTED
        if self.window is None:
            return
        if state == CONNECTED:
            self.window.set_status("")
        elif state == DISCONNECTED:
            self.window.set_status(message)
        elif state == UNAUTHORIZED:
            self._after = self.bridge.last_seq
            self.bridge.stop()
            self.login()

    def show_problem(self, text: str) -> None:
        if self.window is not None:
            self.window.set_status(text)

    def shutdown(self) -> None:
        self.bridge.stop()
        super().shutdown()
        self.window = None


def run_display(settings: Settings, start_backend: Callable[[], tuple[str, str]]) -> int:
    app = running_app()
    controller = DisplayController(settings, start_backend)
    controller.start()
    try:
        return app.exec()
    finally:
        controller.shutdown()
