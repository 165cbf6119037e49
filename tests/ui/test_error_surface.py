"""One error surface for every window (ui/common/tasks.py): a task with no failure of its
own explains the error in Vietnamese on its window, and an expired session sends the app
back to its login once, whichever window or however many tasks met it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from counter_app.client import errors
from counter_app.client.dossiers import CalendarOverrides
from tests.ui.message_boxes import MessageBoxes
from ui.common.session_expiry import session_expiry
from ui.common.tasks import Task


def _raise(exc: BaseException):
    def work():
        raise exc
    return work


@pytest.fixture
def expired(qtbot):
    """Counts what the app hears from the one SessionExpiry, armed for this test."""
    hub = session_expiry()
    hub.rearm()
    heard: list[int] = []
    connection = hub.sig_expired.connect(lambda: heard.append(1))
    yield heard
    hub.disconnect(connection)
    hub.rearm()


def _settle(qtbot, ms: int = 300) -> None:
    qtbot.wait(ms)


def test_default_failure_shows_the_clients_vietnamese_message_as_plain_text(qtbot, expired):
    window = QWidget()
    qtbot.addWidget(window)
    boxes = MessageBoxes()
    try:
        Task(window, _raise(errors.Conflict("Hồ sơ <b>đã</b> được trả.")), lambda _r: None).run()
        qtbot.waitUntil(lambda: bool(boxes.shown), timeout=5_000)
    finally:
        boxes.stop()
    assert boxes.shown == [("Hồ sơ <b>đã</b> được trả.", Qt.TextFormat.PlainText)]
    assert expired == []


def test_default_failure_of_a_bug_says_it_was_logged_without_the_details(qtbot, expired):
    window = QWidget()
    qtbot.addWidget(window)
    boxes = MessageBoxes()
    try:
        Task(window, _raise(KeyError("079203001234")), lambda _r: None).run()
        qtbot.waitUntil(lambda: bool(boxes.shown), timeout=5_000)
    finally:
        boxes.stop()
    text = boxes.shown[0][0]
    assert "không mong đợi" in text and "079203001234" not in text


def test_two_tasks_meeting_an_expired_session_are_heard_once(qtbot, expired):
    first, second = QWidget(), QWidget()
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    failures: list[BaseException] = []
    Task(first, _raise(errors.Unauthorized("Phiên đăng nhập đã hết hạn.")), lambda _r: None).run()
    Task(second, _raise(errors.Unauthorized("Phiên đăng nhập đã hết hạn.")), lambda _r: None) \
        .failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(expired), timeout=5_000)
    _settle(qtbot)
    assert expired == [1]
    assert failures == []  # a window's own failure never sees the expired session


def test_the_login_window_keeps_its_own_401(qtbot, expired):
    failures: list[BaseException] = []
    Task(None, _raise(errors.Unauthorized("Sai mật khẩu.")), lambda _r: None) \
        .failure(failures.append, unauthorized=True).run()
    qtbot.waitUntil(lambda: bool(failures), timeout=5_000)
    assert expired == []


def test_a_new_login_is_heard_again(qtbot, expired):
    Task(None, _raise(errors.Unauthorized("hết hạn")), lambda _r: None).run()
    qtbot.waitUntil(lambda: bool(expired), timeout=5_000)
    session_expiry().rearm()
    Task(None, _raise(errors.Unauthorized("hết hạn")), lambda _r: None).run()
    qtbot.waitUntil(lambda: len(expired) == 2, timeout=5_000)


class _ExpiredApi:
    """A client whose session died: every authenticated call is refused (401)."""

    def __init__(self, answers: dict[tuple[str, str], object] | None = None) -> None:
        self.answers = answers or {}

    def request(self, method: str, path: str, **_kw):
        if (method, path) in self.answers:
            return self.answers[(method, path)]
        raise errors.Unauthorized("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
                                  status=401)


def test_reprint_by_code_goes_back_to_login_on_an_expired_session(qtbot, expired):
    from ui.printers.receipt_reprint import ReceiptReprint

    window = QMainWindow()
    qtbot.addWidget(window)
    ctx = SimpleNamespace(api=_ExpiredApi(), reception=None, session=None, health=None)
    boxes = MessageBoxes()
    try:
        ReceiptReprint(window, ctx).reprint("hs-000123")
        qtbot.waitUntil(lambda: bool(expired), timeout=5_000)
        _settle(qtbot)
    finally:
        boxes.stop()
    assert expired == [1] and boxes.shown == []


def test_calendar_save_goes_back_to_login_on_an_expired_session(qtbot, expired):
    from ui.admin.calendar_dialog import CalendarDialog

    api = _ExpiredApi({("GET", "/calendar"): CalendarOverrides().to_json()})
    ctx = SimpleNamespace(api=api)
    dialog = CalendarDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5_000)
    dialog.save()
    qtbot.waitUntil(lambda: bool(expired), timeout=5_000)
    assert expired == [1]


def test_the_counter_app_goes_back_to_login_once_for_two_expired_tasks(qtbot, tmp_path,
                                                                      expired):
    from counter_app.settings import Settings
    from counter_app.token_store import TokenStore
    from ui.app import CounterController

    controller = CounterController(Settings(tmp_path / "settings.json"),
                                   lambda: ("http://127.0.0.1:9", "kiểm thử"),
                                   tokens=TokenStore(use_keyring=False))
    logouts: list[int] = []
    controller.logout = lambda: logouts.append(1)  # type: ignore[method-assign]
    controller.window = QWidget()  # a clerk's window is open
    qtbot.addWidget(controller.window)
    try:
        for _ in range(2):
            Task(controller.window, _raise(errors.Unauthorized("hết hạn")), lambda _r: None).run()
        qtbot.waitUntil(lambda: bool(expired), timeout=5_000)
        _settle(qtbot)
        assert logouts == [1]
    finally:
        controller.window = None
        controller.shutdown()


def test_in_place_messages_come_from_one_describe(caplog):
    """Badges, banners and fields say a failure the way the dialogs do (describe): the
    client's words, the retry advice only when the backend did not answer, and a bug as
    "Lỗi không mong đợi…" with its traceback in the log, never its English text."""
    from counter_app.client.outbox import OutboxError
    from ui.common.tasks import UNEXPECTED, describe

    retry = "Bấm lại để thử tiếp; thao tác sẽ không bị ghi trùng."
    down = errors.Unreachable("Không kết nối được máy chủ.")
    assert describe(down, retry=retry) == f"Không kết nối được máy chủ. {retry}"
    refused = errors.Rejected("Hồ sơ đã trả kết quả.", status=409)
    assert describe(refused, retry=retry) == "Hồ sơ đã trả kết quả."
    full = OutboxError("Ổ đĩa đầy: hồ sơ chưa được lưu trên máy.")
    assert describe(full) == "Ổ đĩa đầy: hồ sơ chưa được lưu trên máy."
    with caplog.at_level("ERROR"):
        shown = describe(KeyError("procedure_code"), "saving a dossier failed")
    assert shown == UNEXPECTED and "procedure_code" not in shown
    record = next(r for r in caplog.records if r.getMessage() == "saving a dossier failed")
    assert record.exc_info is not None
