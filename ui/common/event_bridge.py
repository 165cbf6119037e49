"""Queue events from the stream thread to the UI thread, through one long-lived QObject.

The stream thread never owns a QObject: it calls a plain gate, which emits this bridge's
signals (queued to the UI thread) only while the bridge is alive. The bridge's
`destroyed` closes the gate on the UI thread before the C++ object goes, and waits for
an emit in progress, so no emit can touch a deleted object (the crash tasks.py avoids).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from counter_app.client.events import EventStream
from counter_app.client.queue import QueueEvent

log = logging.getLogger(__name__)


class _Gate:
    def __init__(self, bridge: EventBridge) -> None:
        self._lock = threading.Lock()
        self._bridge: EventBridge | None = bridge

    def event(self, event: QueueEvent) -> None:
        with self._lock:
            if self._bridge is not None:
                self._bridge.sig_event.emit(event)

    def state(self, state: str, message: str) -> None:
        with self._lock:
            if self._bridge is not None:
                self._bridge.sig_state_changed.emit(state, message)

    def close(self, *_args: object) -> None:
        with self._lock:
            self._bridge = None


class EventBridge(QObject):
    sig_event = Signal(object)
    """A queue event arrived (QueueEvent), delivered on the UI thread."""
    sig_state_changed = Signal(str, str)
    """The stream's state (connecting/connected/disconnected/unauthorized) and a message."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._gate = _Gate(self)
        self._stream: EventStream | None = None
        gate = self._gate
        # A plain function, not a method: it must not keep the bridge alive or touch it.
        self.destroyed.connect(gate.close)

    @property
    def last_seq(self) -> int:
        return (self._stream.last_seq or 0) if self._stream else 0

    def start(self, base_url: str, token, *, after: int | None = None, ca_bundle: str | None = None) -> None:
        """token: a callable returning the current bearer token (it may change on re-login)."""
        self.stop()
        self._gate.close()
        self._gate = _Gate(self)
        self.destroyed.connect(self._gate.close)
        self._stream = EventStream(base_url, token, self._gate.event, self._gate.state,
                                   after=after, ca_bundle=ca_bundle or None)
        self._stream.start()

    def stop(self) -> None:
        self._gate.close()
        if self._stream is not None:
            self._stream.stop()
            self._stream = None
