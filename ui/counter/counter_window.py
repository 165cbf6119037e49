"""The clerk's window: reception and result-return pages, the queue dock, and a status bar
with backend and printer state."""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QTabWidget

from counter_app import settings as S
from counter_app.client.reception import LOST
from counter_app.scanner import tracking_token
from ui.common.context import AppContext
from ui.common.plain_label import PlainLabel
from ui.common.style import BAD, MUTED, OK
from ui.common.tasks import Task, describe
from ui.counter.exit_prompt import confirm_exit
from ui.counter.reception.reception_page import ReceptionPage
from ui.counter.returns.return_page import ReturnPage
from ui.counter.scanner_filter import ScannerFilter
from ui.printers.receipt_reprint import ReceiptReprint

log = logging.getLogger(__name__)
HEALTH_INTERVAL_MS = 15_000


class CounterWindow(QMainWindow):
    sig_logout_requested = Signal()
    """The clerk logged out or the session expired."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._ask_on_close = True
        user = ctx.session.user if ctx.session else None
        office = ctx.health.office if ctx.health and ctx.health.office else None
        title = "Một cửa — Tiếp nhận và trả kết quả"
        if office:
            title += f" — {office.name}"
        self.setWindowTitle(title)
        # Maximized at start (ui/app.py); restored, it must still fit the commonest counter
        # screen, 1366×768 less the taskbar, not only a developer's monitor.
        area = QApplication.primaryScreen().availableGeometry()
        self.resize(min(1280, area.width()), min(800, area.height()))

        if ctx.reception is None:
            from counter_app.client.reception import ReceptionService

            ctx.reception = ReceptionService(ctx.api)
        self._service = ctx.reception
        self._service.set_user(user)
        self._service.set_office(office)
        self.reception = ReceptionPage(ctx, self)
        self.returns = ReturnPage(ctx, self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # Ctrl+1/2, not F-keys: F2-F7 belong to the queue panel (call next, recall, …).
        self.tabs.addTab(self.reception, "Tiếp nhận hồ sơ (Ctrl+1)")
        self.tabs.addTab(self.returns, "Trả kết quả (Ctrl+2)")
        self.setCentralWidget(self.tabs)
        for key, text, page in (("Ctrl+1", "Trang Tiếp nhận hồ sơ", self.reception),
                                ("Ctrl+2", "Trang Trả kết quả", self.returns)):
            go = QAction(text, self)
            go.setShortcut(key)
            go.triggered.connect(lambda _checked=False, p=page: self.tabs.setCurrentWidget(p))
            self.addAction(go)  # an action, not a QShortcut: Trợ giúp → Phím tắt lists it

        from ui.counter.queue.queue_panel import QueuePanel

        self.queue_panel = QueuePanel(ctx, self)
        self.queue_panel.sig_current_changed.connect(self._on_ticket_changed)
        self.reception.follow_queue(lambda: self.queue_panel.current)
        self.queue_panel.bridge.sig_event.connect(self._on_office_event)
        self.queue_dock = QDockWidget("Hàng chờ", self)
        self.queue_dock.setObjectName("queueDock")
        self.queue_dock.setWidget(self.queue_panel)
        self.queue_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                    | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.queue_dock)
        # Reception and queue fit side by side on a 1366 px screen (tests/ui/test_counter_fits
        # _screen.py): a clerk with a counter starts with the queue open; F9 folds it away.
        has_counter = user is not None and (bool(user.counter_no) or user.role == "clerk")
        self.queue_dock.setVisible(has_counter)

        self.scanner = ScannerFilter(self)
        self.scanner.sig_scanned.connect(self._on_scanned)
        self.scanner.sig_scan_failed.connect(self._on_scan_failed)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.scanner)

        from ui.counter.sync_status import SyncStatus

        self.sync_status = SyncStatus(self._service, self)
        self.sync_status.sig_conflicts_requested.connect(lambda: self.show_outbox())
        self.reception.sig_saved.connect(self._on_dossier_saved)
        self.backend_label = self.sync_status.label
        self.printer_label = PlainLabel()
        self.user_label = PlainLabel()
        self.ticket_label = PlainLabel()
        if user:
            counter = f" · Quầy {user.counter_no}" if user.counter_no else ""
            self.user_label.setText(f"{user.full_name}{counter}")
        bar = self.statusBar()
        bar.addWidget(self.backend_label)
        bar.addWidget(self.sync_status.conflicts_button)
        bar.addWidget(self.sync_status.key_warning)
        bar.addWidget(self.printer_label)
        if ctx.tokens.warning:
            warn = PlainLabel("⚠ Không lưu phiên đăng nhập")
            warn.setToolTip(ctx.tokens.warning)
            warn.setStyleSheet(f"color: {MUTED};")
            bar.addWidget(warn, 1)
        bar.addPermanentWidget(self.ticket_label)
        bar.addPermanentWidget(self.user_label)
        logout = QAction("Đăng xuất", self)
        logout.triggered.connect(self.sig_logout_requested)
        menu = self._session_menu = self.menuBar().addMenu("Phiên làm việc")
        ledger = QAction("Xuất sổ theo dõi hồ sơ hôm nay (Excel/CSV)…", self)
        ledger.triggered.connect(lambda: self.export_ledger())
        menu.addAction(ledger)
        book = QAction("Sổ theo dõi hồ sơ theo lĩnh vực (Mẫu 07)…", self)
        book.triggered.connect(lambda: self.show_ledger_book())
        menu.addAction(book)
        waiting = QAction("Hồ sơ chờ gửi và bị từ chối…", self)
        waiting.triggered.connect(lambda: self.show_outbox(conflicts_only=False))
        menu.addAction(waiting)
        due = QAction("Hồ sơ sắp đến hạn, quá hạn…", self)
        due.setShortcut("Ctrl+H")
        due.triggered.connect(lambda: self.show_due_list())
        menu.addAction(due)
        menu.addSeparator()
        menu.addAction(logout)
        leave = QAction("Thoát", self)
        leave.setShortcut("Ctrl+Q")
        leave.triggered.connect(self.close)
        menu.addAction(leave)
        jobs = QAction("Nhật ký in…", self)
        jobs.setShortcut("Ctrl+J")
        jobs.triggered.connect(self.show_print_jobs)
        toggle = self.queue_dock.toggleViewAction()
        toggle.setText("Hiện/ẩn hàng chờ")
        toggle.setShortcut("F9")
        queue_menu = self.menuBar().addMenu("Hàng chờ")
        queue_menu.addAction(toggle)
        queue_menu.addSeparator()
        queue_menu.addActions(self.queue_panel.key_actions)
        self.addActions(self.queue_panel.key_actions)  # keys work with the panel hidden
        printer_menu = self.menuBar().addMenu("Máy in")
        printer_menu.addAction(jobs)
        self.receipt_reprint = ReceiptReprint(self, ctx)
        again = QAction("In lại biên nhận theo mã hồ sơ…", self)
        again.setShortcut("Ctrl+Shift+P")
        again.triggered.connect(self.receipt_reprint.ask)
        printer_menu.addAction(again)
        setup = QAction("Cài đặt máy in…", self)
        setup.triggered.connect(self.show_printer_settings)
        printer_menu.addAction(setup)
        scanning = QAction("Máy quét và chữ ký số…", self)
        scanning.triggered.connect(self.show_digitize_settings)
        printer_menu.addAction(scanning)
        if user is not None and user.role in ("supervisor", "admin"):
            stats_menu = self.menuBar().addMenu("Thống kê")
            dashboard = QAction("Bảng số liệu của đơn vị…", self)
            dashboard.setShortcut("Ctrl+D")
            dashboard.triggered.connect(self.show_dashboard)
            stats_menu.addAction(dashboard)
        rating = QAction("Mở màn hình đánh giá cho người dân…", self)
        rating.triggered.connect(self.show_rating)
        self._session_menu.insertAction(logout, rating)
        if user is not None and user.role == "admin":
            admin_menu = self.menuBar().addMenu("Quản trị")
            office_action = QAction("Thiết lập cơ quan, dịch vụ, quầy, tài khoản…", self)
            office_action.triggered.connect(self.show_admin)
            calendar_action = QAction("Lịch làm việc và ngày nghỉ…", self)
            calendar_action.triggered.connect(self.show_calendar)
            admin_menu.addAction(office_action)
            admin_menu.addAction(calendar_action)

        from ui.counter.help_menu import add_help_menu

        add_help_menu(self, ctx)
        self._set_printer("sẵn sàng", OK)
        ctx.receipts.sig_job_changed.connect(self._on_print_job)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check_health)
        self._timer.start(HEALTH_INTERVAL_MS)
        self.reception.load()
        # Known at once (not in 15 s): online tops up leased numbers and replays the outbox;
        # offline (a counter opened from its saved session) says so before the first save.
        QTimer.singleShot(0, self._check_health)

    def _set_backend(self, online: bool, detail: str = "") -> None:
        self.sync_status.set_online(online, detail)

    def _set_printer(self, state: str, color: str) -> None:
        self.printer_label.setStyleSheet(f"color: {color};")
        self.printer_label.setText(f"● Máy in: {state}")
        self.printer_label.setToolTip(f"Máy in biên nhận: {self.ctx.receipts.name}")

    def _check_health(self) -> None:
        Task(self, self.ctx.api.health, self._on_health).failure(self._on_health_failed).run()

    def _on_health(self, health) -> None:
        # Office details (printed on receipts) follow an admin's change without a restart.
        if health != self.ctx.health:
            from counter_app.client.offline_session import save_health

            Task(self, lambda: save_health(health), lambda _r: None) \
                .failure(lambda exc: log.warning("could not save office details: %s", exc)).run()
        self.ctx.health = health
        self._service.set_office(health.office)
        self._set_backend(True, self.ctx.backend_label)
        self.reception.refresh_if_stale()

    def _on_health_failed(self, exc: BaseException) -> None:
        self._set_backend(False, f"{LOST}: {describe(exc, 'health check failed')}")

    def _on_print_job(self, job) -> None:
        if job.state == "failed":
            self._set_printer("lỗi — xem khung Biên nhận", BAD)
        elif job.state == "done":
            self._set_printer("sẵn sàng", OK)
        else:
            self._set_printer("đang in…", MUTED)

    def _on_dossier_saved(self, dossier) -> None:
        """A receipt went to the printer: count what waits; online, top the lease up."""
        if self.sync_status.online and not dossier.waiting:
            self.sync_status.maintain()
        else:
            self.sync_status.refresh()

    def show_ledger_book(self) -> None:
        from ui.counter.ledger_book_dialog import LedgerBookDialog

        dialog = LedgerBookDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.ledger_book_dialog = dialog

    def show_due_list(self) -> None:
        from ui.counter.deadlines.due_dialog import DueListDialog

        dialog = DueListDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.due_dialog = dialog

    def show_outbox(self, conflicts_only: bool = True) -> None:
        from ui.counter.outbox_dialog import OutboxDialog

        ctx = self.ctx

        def reprint(dossier) -> None:
            from counter_app.desk.reprint import reprint_receipt

            clerk = ctx.session.user.full_name if ctx.session else ""
            reprint_receipt(ctx.receipts.desk, dossier, ctx.health.office if ctx.health else None,
                            clerk)

        dialog = OutboxDialog(ctx.reception, self, conflicts_only=conflicts_only,
                              on_reprint=reprint)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_changed.connect(self.sync_status.send_now)
        # A retried row is refused again or sent only after the replay: list it afresh.
        self.sync_status.sig_counts_changed.connect(dialog.load)
        dialog.show()
        self.outbox_dialog = dialog

    def _on_office_event(self, event) -> None:
        """An admin changed the office (calendar, catalogue): appointments follow at once."""
        if event.type == "office_changed":
            self.reception.catalogue.load()

    def _on_scanned(self, payload: str) -> None:
        """Scans go to the page on screen; a receipt's QR always means a result return."""
        if tracking_token(payload):
            self.tabs.setCurrentWidget(self.returns)
        self._page_on_screen().on_scanned(payload)

    def _on_scan_failed(self, message: str) -> None:
        """Said where the clerk looks: on the page that would have used the scan."""
        self._page_on_screen().on_scan_failed(message)

    def _page_on_screen(self) -> ReceptionPage | ReturnPage:
        return self.returns if self.tabs.currentWidget() is self.returns else self.reception

    def _on_ticket_changed(self, ticket) -> None:
        """Who is at this counter now, as the queue says (None once done, absent, returned)."""
        self.reception.on_ticket_changed(ticket)
        self.ticket_label.setText(f"Đang phục vụ số {ticket.number}" if ticket else "")

    def export_ledger(self, path: str | None = None, day=None) -> None:
        """Save the day's ledger where the clerk chooses; the download runs off the UI thread."""
        from counter_app.domain.clock import office_today

        day = day or office_today(self.ctx.clock)
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            from ui.common.documents import suggested_path

            path, _ = QFileDialog.getSaveFileName(
                self, "Lưu sổ theo dõi hồ sơ", suggested_path(f"so-theo-doi-{day:%Y-%m-%d}.xlsx"),
                "Excel (*.xlsx);;CSV (*.csv)")
            if not path:
                return
        fmt = "csv" if path.lower().endswith(".csv") else "xlsx"
        api = self.ctx.api

        def download() -> str:
            from pathlib import Path

            from counter_app.atomic_file import replace_file

            data = api.ledger(day, fmt)
            replace_file(Path(path), data)  # whole or not at all: never a half-written book
            return path

        Task(self, download, lambda p: self.statusBar().showMessage(f"Đã lưu {p}", 8000)) \
            .failure(lambda exc: self.statusBar().showMessage(
                f"Không lưu được sổ: {getattr(exc, 'message', exc)}", 12000)).run()

    def show_dashboard(self) -> None:
        from ui.dashboard.dashboard_window import DashboardWindow

        window = DashboardWindow(self.ctx, self)
        window.setWindowFlag(Qt.WindowType.Window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        self.dashboard = window

    def show_rating(self) -> None:
        """The satisfaction screen for applicants, on a second monitor when there is one."""
        from ui.counter.rating_window import RatingWindow

        user = self.ctx.session.user if self.ctx.session else None
        counter_no = (user.counter_no if user and user.counter_no
                      else self.ctx.settings.get(S.COUNTER_NO))
        window = RatingWindow(self.ctx, counter_no)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screens = QApplication.screens()
        if len(screens) > 1:
            window.setGeometry(screens[1].availableGeometry())
        window.show()
        self.rating_window = window

    def show_admin(self) -> None:
        from ui.admin.admin_window import AdminWindow

        window = AdminWindow(self.ctx, self)
        window.setWindowFlag(Qt.WindowType.Window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.resize(1200, 720)
        window.show()
        self.admin_window = window

    def show_calendar(self) -> None:
        from ui.admin.calendar_dialog import CalendarDialog

        dialog = CalendarDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.calendar_dialog = dialog

    def show_print_jobs(self) -> None:
        from ui.printers.print_jobs_dialog import PrintJobsDialog

        dialog = PrintJobsDialog(self.ctx.receipts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def show_printer_settings(self) -> None:
        from ui.printers.printer_settings_dialog import PrinterSettingsDialog

        def apply(chosen: dict) -> None:
            self.ctx.receipts.configure(chosen["receipt"])
            self._set_printer("sẵn sàng", OK)

        dialog = PrinterSettingsDialog(self.ctx.settings, apply, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.printer_dialog = dialog

    def show_digitize_settings(self) -> None:
        from ui.counter.reception.digitize_settings import DigitizeSettingsDialog

        dialog = DigitizeSettingsDialog(self.ctx.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._forget_signer)
        dialog.show()
        self.digitize_settings = dialog

    def _forget_signer(self) -> None:
        self.ctx.signer = None  # another certificate: its password is asked at next use

    def close_quietly(self) -> None:
        """Logout and shutdown close the window themselves: nobody is asked."""
        self._ask_on_close = False
        self.close()

    def closeEvent(self, event) -> None:
        # The last known count (refreshed after every receipt and health check): reading
        # the outbox here would be disk I/O on the UI thread.
        if self._ask_on_close and not confirm_exit(self, self.sync_status.counts.pending):
            event.ignore()
            return
        self._timer.stop()
        self.sync_status.detach()
        self.queue_panel.shutdown()
        for name in ("rating_window", "dashboard", "admin_window", "calendar_dialog",
                     "outbox_dialog", "shortcuts_dialog", "guide_dialog", "about_box",
                     "digitize_settings"):
            window = getattr(self, name, None)
            if window is not None and shiboken6.isValid(window):
                window.close()  # they belong to this session; logging out closes them
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scanner)
        super().closeEvent(event)
