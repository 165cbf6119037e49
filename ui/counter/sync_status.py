"""The status bar's connection part: "Trực tuyến" / "Ngoại tuyến — N hồ sơ chờ gửi", the
dossiers the backend refused (clickable), and the replay of the outbox when the backend
answers again.

The counter window's health check (every 15 s) says whether the backend answers; while it
does, each check runs one `ReceptionService.maintain()` (clock, leased numbers, replay)
on a pool thread, no more often than the service's backoff allows. Receiving, retrying
and marking handled run on the clerk's worker (ui.common.tasks.OUTBOX); the outbox
itself serializes their writes with the replay's.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QPushButton

from counter_app.client.dossier_files import DossierFilesApi
from counter_app.client.outbox import Counts
from counter_app.client.outbox_key import ALARM_SHORT, FILE_NOTE_SHORT, UNREADABLE_ROWS
from counter_app.client.reception import ReceptionService
from counter_app.client.sync import SyncResult
from counter_app.desk.pending_uploads import pending_uploads
from ui.common.plain_label import PlainLabel, plain_tip
from ui.common.session_expiry import session_expiry
from ui.common.style import BAD, MUTED, OK, WARN
from ui.common.tasks import Task, describe

log = logging.getLogger(__name__)


class SyncStatus(QObject):
    _sig_reach = Signal(object, str)  # from any thread, to the UI thread
    sig_conflicts_requested = Signal()
    """The clerk clicked the refused-dossiers count."""
    sig_counts_changed = Signal(object)
    """New outbox counts (Counts: pending, conflicts)."""

    def __init__(self, service: ReceptionService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        # Whoever learns whether the backend answers reports it to service.reach (the one
        # owner); this shows it, on the UI thread.
        self._sig_reach.connect(self._on_reach)
        self._listener = self._sig_reach.emit
        service.reach.add_listener(self._listener)
        self.counts = Counts(0, 0)
        self._maintaining = False
        self._came_back = False
        self.label = PlainLabel()
        self.conflicts_button = QPushButton()
        self.conflicts_button.setFlat(True)
        self.conflicts_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.conflicts_button.setStyleSheet(
            f"color: {BAD}; font-weight: 600; border: none; padding: 0 6px;"
            "text-decoration: underline;")
        self.conflicts_button.setToolTip("Xem các hồ sơ máy chủ từ chối và xử lý")
        self.conflicts_button.clicked.connect(self.sig_conflicts_requested)
        self.conflicts_button.hide()
        self.key_warning = PlainLabel()  # the outbox key: kept in a file (note) or unreadable
        self.key_warning.hide()
        self._render()

    # -- driven by the window ----------------------------------------------------------

    @property
    def online(self) -> bool | None:
        return self.service.reach.online

    @property
    def detail(self) -> str:
        return self.service.reach.detail

    def detach(self) -> None:
        """The window closes; the service (one per run) outlives it."""
        self.service.reach.remove_listener(self._listener)

    def set_online(self, online: bool, detail: str = "") -> None:
        """The window's health check saw the backend answer, or not."""
        # Offline: receipts go straight to the outbox, no 2-5 s wait each for a dead server.
        before = self.service.reach.report(online, detail)
        came_back = online and before is False
        self._render()
        if online:
            self._came_back = self._came_back or came_back
            self.maintain()
        else:
            self.refresh()

    def send_now(self) -> None:
        """The clerk asked (retry): replay at once, whatever the backoff says."""
        self._came_back = True
        self.maintain()

    def maintain(self) -> None:
        """Leases and replay on a pool thread; one at a time."""
        if self._maintaining:
            return
        self._maintaining = True
        service, came_back = self.service, self._came_back
        self._came_back = False

        def work() -> tuple[SyncResult | None, Counts]:
            if came_back:
                service.syncer.backoff.reset()  # the backend is back: replay now
            result = service.maintain() if service.sync_due() else None
            if service.reach.online:  # digitised files kept while it was down
                pending_uploads(service).send(DossierFilesApi(service.api))
            return result, service.counts()

        Task(self, work, self._on_maintained).failure(self._on_failed).run()

    def refresh(self) -> None:
        """Re-read the counts (after a receipt, a retry, a handled conflict)."""
        Task(self, self.service.counts, self._on_counts).failure(self._on_failed).run()

    # -- results -----------------------------------------------------------------------

    def _on_maintained(self, done: tuple[SyncResult | None, Counts]) -> None:
        self._maintaining = False
        result, counts = done
        if result is not None and result.stopped == "unauthorized":
            session_expiry().report()
        self._on_counts(counts)

    def _on_reach(self, _online: bool | None, _detail: str) -> None:
        self._render()

    def _on_counts(self, counts: Counts) -> None:
        self.counts = counts
        self._render_key()
        self._render()
        self.sig_counts_changed.emit(counts)

    def _on_failed(self, exc: BaseException) -> None:
        self._maintaining = False
        message = describe(exc, "outbox status unavailable")
        self.label.setText("● Hàng chờ trên máy lỗi")
        self.label.setStyleSheet(f"color: {BAD};")
        self.label.setToolTip(plain_tip(message))

    def _render_key(self) -> None:
        unreadable = getattr(self.counts, "unreadable", 0)
        alarm = self.service.alarm or (UNREADABLE_ROWS.format(n=unreadable) if unreadable
                                       else None)
        if alarm:
            short = ALARM_SHORT if self.service.alarm else \
                f"⛔ {unreadable} hồ sơ không giải mã được trên máy"
            self.key_warning.setText(short)
            self.key_warning.setStyleSheet(f"color: {BAD}; font-weight: 600;")
        elif self.service.warning:
            self.key_warning.setText(FILE_NOTE_SHORT)
            self.key_warning.setStyleSheet(f"color: {WARN};")
        self.key_warning.setToolTip(alarm or self.service.warning or "")
        self.key_warning.setVisible(bool(alarm or self.service.warning))

    def _render(self) -> None:
        pending, conflicts = self.counts.pending, self.counts.conflicts
        if self.online is None:
            text, color = "● Đang kiểm tra kết nối…", MUTED
        elif self.online:
            text = "● Trực tuyến" + (f" — đang gửi {pending} hồ sơ chờ" if pending else "")
            color = OK
        else:
            text, color = f"● Ngoại tuyến — {pending} hồ sơ chờ gửi", BAD
        self.label.setText(text)
        self.label.setStyleSheet(f"color: {color}; font-weight: 600;")
        tip = [self.detail] if self.detail else []
        if pending:
            tip.append("Hồ sơ đã tiếp nhận trên máy này, chưa lên máy chủ; máy tự gửi khi có "
                       "kết nối. Hồ sơ của tài khoản khác được gửi khi tài khoản đó đăng nhập.")
        self.label.setToolTip(plain_tip("\n".join(tip)))
        self.conflicts_button.setText(f"⚠ {conflicts} hồ sơ bị máy chủ từ chối — xem")
        self.conflicts_button.setVisible(conflicts > 0)
