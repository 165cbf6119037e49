"""The status bar about the outbox key (issue 11, item 6): a note when the key is kept in
a file, an alarm when it cannot be read; its rows are never shown as refused by the server."""

from __future__ import annotations

from counter_app.client.api import ApiClient
from counter_app.client.outbox_key import ALARM_SHORT, FILE_NOTE, FILE_NOTE_SHORT, OutboxKey
from counter_app.client.outbox_key_file import FILE_NAME
from counter_app.client.reception import ReceptionService
from tests.client.memory_keyring import no_keyring  # noqa: F401 - fixture


def status(qtbot, folder):
    from PySide6.QtWidgets import QWidget

    from ui.counter.sync_status import SyncStatus

    service = ReceptionService(ApiClient("http://127.0.0.1:9"), folder, key=OutboxKey())
    bar = QWidget()
    qtbot.addWidget(bar)
    widget = SyncStatus(service, bar)
    for w in (widget.label, widget.conflicts_button, widget.key_warning):
        w.setParent(bar)
    bar.show()
    widget.bar = bar  # the labels live as long as the status part
    return service, widget


def test_key_file_note_then_unreadable_key_alarm(qtbot, tmp_path, no_keyring):  # noqa: F811
    service, widget = status(qtbot, tmp_path)
    service.outbox.add(kind="dossier", method="POST", path="/dossiers", key="k-0001",
                       username="canbo1", body=b"{}", code="000.00.00.H00-261124-0101")
    widget.refresh()
    qtbot.waitUntil(lambda: widget.key_warning.isVisible())
    assert widget.key_warning.text() == FILE_NOTE_SHORT
    assert widget.key_warning.toolTip() == FILE_NOTE
    service.close()

    (tmp_path / FILE_NAME).write_bytes(b"")  # emptied by a disk tool, a bad backup restore
    service, widget = status(qtbot, tmp_path)
    widget.refresh()
    qtbot.waitUntil(lambda: widget.key_warning.text() == ALARM_SHORT)
    assert widget.key_warning.isVisible()
    assert "Không đọc được khóa mã hóa hồ sơ chờ gửi" in widget.key_warning.toolTip()
    assert widget.counts.unreadable == 1 and widget.counts.conflicts == 0
    assert not widget.conflicts_button.isVisible()  # not "bị máy chủ từ chối"
    service.close()


def test_a_receipt_thread_that_meets_a_dead_backend_turns_the_bar_offline(qtbot, tmp_path,
                                                                           no_keyring):  # noqa: F811
    """The clerk's worker learns first (issue 13, one owner for "online"): the status bar
    says so at once, not at the next health check, and the window's check agrees after."""
    import threading

    service, widget = status(qtbot, tmp_path)
    widget.set_online(True, "Máy chủ văn phòng")
    qtbot.waitUntil(lambda: "Trực tuyến" in widget.label.text())
    worker = threading.Thread(target=lambda: service.reach.report(
        False, "Mất kết nối máy chủ: từ chối kết nối"))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: "Ngoại tuyến" in widget.label.text())
    assert "từ chối kết nối" in widget.label.toolTip()
    assert service.online is False and widget.online is False
    widget.detach()
    service.reach.report(True)  # heard by nobody now: the closed window is not touched
    service.close()
