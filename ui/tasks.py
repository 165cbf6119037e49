"""Run work off the UI thread and come back on it (Anki's QueryOp, in small).

    Task(self, lambda: api.procedures(), self._on_procedures).failure(self._on_error).run()

The signals object is created on the UI thread and parented to the caller, never owned by
the worker: a signals object deleted with its runnable before the queued emission is
delivered is a known crash. The workers are a plain Python thread pool rather than
QThreadPool + QRunnable: wrapped runnables collected by Python's GC while Qt still ran
them crashed the test suite (segfault during garbage collection), and a cross-thread
signal emit is all the UI thread needs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    sig_succeeded = Signal(object)
    """The op returned; carries its result to the UI thread."""
    sig_failed = Signal(object)
    """The op raised; carries the exception to the UI thread."""

    def __init__(self, parent: QObject | None, success: Callable[[Any], None],
                 failure: Callable[[BaseException], None] | None) -> None:
        super().__init__(parent)
        self._success = success
        self._failure = failure
        self.sig_succeeded.connect(self._on_succeeded)
        self.sig_failed.connect(self._on_failed)

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:
        try:
            self._success(result)
        finally:
            self.deleteLater()

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        try:
            if self._failure is not None:
                self._failure(exc)
            else:
                log.error("background task failed", exc_info=exc)
        finally:
            self.deleteLater()


# HTTP calls wait on the network, not the CPU: a few threads keep a slow call from
# queueing the next one. Daemon-like shutdown: no task outlives the process' exit.
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ui-task")


def _work(op: Callable[[], Any], relay: _Relay) -> None:
    try:
        result = op()
    except BaseException as exc:
        _emit(relay.sig_failed, exc)
    else:
        _emit(relay.sig_succeeded, result)


def _emit(signal: Any, value: Any) -> None:
    try:
        signal.emit(value)
    except RuntimeError:  # the caller (and its relay) was closed meanwhile
        log.debug("task finished after its window closed")


def pool() -> ThreadPoolExecutor:
    return _POOL


class Task:
    def __init__(self, parent: QObject | None, op: Callable[[], Any],
                 success: Callable[[Any], None]) -> None:
        self._parent = parent
        self._op = op
        self._success = success
        self._failure: Callable[[BaseException], None] | None = None

    def failure(self, fn: Callable[[BaseException], None]) -> Task:
        self._failure = fn
        return self

    def run(self) -> None:
        relay = _Relay(self._parent, self._success, self._failure)
        _POOL.submit(_work, self._op, relay)
