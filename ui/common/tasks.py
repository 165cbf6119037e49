"""Run work off the UI thread and come back on it (Anki's QueryOp, in small).

    Task(self, lambda: api.procedures(), self._on_procedures).run()

Without `.failure(...)` an error is explained to the clerk the same way in every window:
the client's Vietnamese message (counter_app/client/errors.py) in a plain-text box on the
task's window. A window that says it in place (a badge, a banner) takes the same words from
`describe(exc)`; nobody writes their own "ApiError → message" again. An expired session (errors.Unauthorized) never reaches a failure callback
unless the task asks for it (`unauthorized=True`, the login window's own tasks): it goes
to the app-wide SessionExpiry, which sends the app back to its login once.

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
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from counter_app.client import errors
from ui.common.dialogs import warn
from ui.common.session_expiry import session_expiry

log = logging.getLogger(__name__)
T = TypeVar("T")
ERROR_TITLE = "Có lỗi"
UNEXPECTED = "Lỗi không mong đợi; đã ghi nhật ký cho quản trị viên."

# HTTP calls wait on the network, not the CPU: a few threads keep one slow call from
# queueing the next.
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ui-task")
# The clerk's outbox writes (receive, retry, mark handled) run here, one at a time in the
# clerk's order: `Task(...).run(OUTBOX)`. The sync's replay writes from pool threads too;
# the Outbox's own lock serializes both (counter_app/client/outbox.py).
OUTBOX = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox")
_ids = itertools.count(1)
_pending: dict[int, Task[Any]] = {}
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


def describe(exc: BaseException, what: str = "background task failed", *,
             retry: str = "") -> str:
    """The words for a failure, for a window that shows it in place (a badge, a banner, a
    field) or in a box: the Vietnamese message the client's errors carry, with `retry`
    added when the backend did not answer (the request is idempotent, so trying again is
    safe); a bug is logged with its traceback as `what` and shown as UNEXPECTED."""
    from counter_app.client.outbox import OutboxError
    from counter_app.digitize.errors import DigitizeError
    from counter_app.embedded import EmbeddedBackendError

    if isinstance(exc, errors.ApiError):
        lost = isinstance(exc, errors.Unreachable | errors.Timeout)
        return f"{exc.message} {retry}" if retry and lost else exc.message
    if isinstance(exc, OutboxError | DigitizeError):  # said for the clerk already
        return exc.message
    if isinstance(exc, EmbeddedBackendError):  # written for the clerk
        return str(exc)
    log.error("%s", what, exc_info=exc)
    return UNEXPECTED


def explain(parent: QObject | None, exc: BaseException, title: str = ERROR_TITLE) -> None:
    """What every window does with an error nobody handled: an expired session goes to the
    app; anything else is shown, in Vietnamese, on the window the task belongs to."""
    if isinstance(exc, errors.Unauthorized):
        session_expiry().report()
        return
    window = parent.window() if isinstance(parent, QWidget) else None
    warn(window, title, describe(exc))


def logged(what: str) -> Callable[[BaseException], None]:
    """A failure for housekeeping the clerk need not hear about (a cache, the keyring):
    written to the log, shown nowhere."""
    def failure(exc: BaseException) -> None:
        log.warning("%s: %s", what, exc)
    return failure


class Task(Generic[T]):
    def __init__(self, parent: QObject | None, work: Callable[[], T],
                 on_success: Callable[[T], object]) -> None:
        self._parent = parent
        self._work = work
        self._success = on_success
        self._failure: Callable[[BaseException], None] | None = None
        self._unauthorized = False

    def failure(self, fn: Callable[[BaseException], None], *,
                unauthorized: bool = False) -> Task[T]:
        """fn gets every error but an expired session, which goes to the app's login
        (unless `unauthorized`: the login itself, where a 401 means a wrong password)."""
        self._failure = fn
        self._unauthorized = unauthorized
        return self

    def run(self, executor: Executor | None = None) -> None:
        dispatcher = _get_dispatcher()
        task_id = next(_ids)
        with _lock:
            _pending[task_id] = self
        (executor or _POOL).submit(_work, task_id, self._work, dispatcher)

    def _deliver(self, ok: bool, value: Any) -> None:
        if self._parent is not None and not shiboken6.isValid(self._parent):
            log.debug("task finished after its window closed")
            return
        if ok:
            self._success(value)
        elif self._failure is None or (isinstance(value, errors.Unauthorized)
                                       and not self._unauthorized):
            explain(self._parent, value)
        else:
            self._failure(value)
