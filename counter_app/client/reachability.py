"""Whether the office backend answers: one owner for "online".

Three threads learn it: the clerk's worker when a receipt is sent (or not), the pool thread
that replays the outbox, and the window's health check. Each reports what it saw here; the
state changes under one lock, and listeners (the status bar, through a Qt signal to the UI
thread) hear every change once, in order; a listener must not block. Nobody else keeps a copy that could disagree.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

Listener = Callable[[bool | None, str], object]


class Reachability:
    def __init__(self) -> None:
        self._lock = threading.RLock()  # a listener may read the state back
        self._online: bool | None = None  # None: not tried yet
        self._detail = ""
        self._listeners: list[Listener] = []

    @property
    def online(self) -> bool | None:
        return self._online

    @property
    def detail(self) -> str:
        return self._detail

    def report(self, online: bool | None, detail: str | None = None) -> bool | None:
        """What a thread just saw, and why (None: the reason already given still holds
        while the state does not change); answers the state before it (None: unknown)."""
        with self._lock:  # listeners too: they hear the changes in the order they happened
            if detail is None:
                detail = self._detail if online == self._online else ""
            before, changed = self._online, (online, detail) != (self._online, self._detail)
            self._online, self._detail = online, detail
            if online != before:
                log.info("backend %s", {True: "reachable", False: "unreachable",
                                        None: "not tried"}[online])
            if changed:
                for listener in self._listeners:
                    listener(online, detail)
        return before

    def add_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)
