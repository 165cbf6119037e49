"""Run work off the UI thread and come back on it (Anki's QueryOp, in small).

    Task(self, lambda: api.procedures(), self._on_procedures).failure(self._on_error).run()

The signals object is created on the UI thread and parented to the caller, never owned by
the QRunnable: Qt auto-deletes runnables, and a signals object deleted with its runnable
before the queued emission is delivered is a known crash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

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


class _Runnable(QRunnable):
    def __init__(self, op: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._op = op
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._op()
        except BaseException as exc:
            self._emit(self._relay.sig_failed, exc)
        else:
            self._emit(self._relay.sig_succeeded, result)

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the caller (and its relay) was closed meanwhile
            log.debug("task finished after its window closed")


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

    def run(self, pool: QThreadPool | None = None) -> None:
        relay = _Relay(self._parent, self._success, self._failure)
        (pool or QThreadPool.globalInstance()).start(_Runnable(self._op, relay))
