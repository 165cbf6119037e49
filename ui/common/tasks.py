"""Run work off the UI thread and come back on it (Anki's QueryOp, in small).

    Task(self, lambda: api.procedures(), self._on_procedures).failure(self._on_error).run()

Workers never hold a QObject. They report through one dispatcher that lives on the UI
thread for the whole process; the callbacks wait in a table there. Per-task signal
objects dropped by a worker thread while the UI thread deleted them raced inside the
binding and segfaulted under garbage collection (seen in the suite with PySide6 6.10
and 6.11). A task whose parent widget is gone by then is dropped quietly.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

log = logging.getLogger(__name__)

# HTTP calls wait on the network, not the CPU: a few threads keep one slow call from
# queueing the next.
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ui-task")
# The clerk's outbox writes (receive, retry, mark handled) run here, one at a time in the
# clerk's order: `Task(...).run(OUTBOX)`. The sync's replay writes from pool threads too;
# the Outbox's own lock serializes both (counter_app/client/outbox.py).
OUTBOX = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox")
_ids = itertools.count(1)
_pending: dict[int, Task] = {}
_lock = threading.Lock()


class _Dispatcher(QObject):
    sig_finished = Signal(int, bool, object)
    """A task finished: (task id, succeeded, result or exception)."""

    def __init__(self) -> None:
        super().__init__()
        self.sig_finished.connect(self._on_finished)

    @Slot(int, bool, object)
    def _on_finished(self, task_id: int, ok: bool, value: Any) -> None:
        with _lock:
            task = _pending.pop(task_id, None)
        if task is not None:
            task._deliver(ok, value)


_dispatcher: _Dispatcher | None = None


def _get_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
        app = QCoreApplication.instance()
        if app is not None:
            _dispatcher.moveToThread(app.thread())
    return _dispatcher


def _work(task_id: int, op: Callable[[], Any], dispatcher: _Dispatcher) -> None:
    try:
        result = op()
    except BaseException as exc:  # everything goes back to the UI
        dispatcher.sig_finished.emit(task_id, False, exc)
    else:
        dispatcher.sig_finished.emit(task_id, True, result)


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

    def run(self, executor: Executor | None = None) -> None:
        dispatcher = _get_dispatcher()
        task_id = next(_ids)
        with _lock:
            _pending[task_id] = self
        (executor or _POOL).submit(_work, task_id, self._op, dispatcher)

    def _deliver(self, ok: bool, value: Any) -> None:
        if self._parent is not None and not shiboken6.isValid(self._parent):
            log.debug("task finished after its window closed")
            return
        if ok:
            self._success(value)
        elif self._failure is not None:
            self._failure(value)
        else:
            log.error("background task failed", exc_info=value)
