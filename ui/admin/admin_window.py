"""Office setup for admins: office details, services, counters and accounts in one window.

    window = AdminWindow(ctx, parent)   # ui.common.context.AppContext of a logged-in admin
    window.show()

Everything is read in one background call and read again after every save, so the tabs
always show what the server holds. The backend announces each change (`office_changed`),
so counters, kiosks and lobby displays follow without a restart; this counter's own
receipts pick up the new office details at once (ctx.health is refreshed here).
An account without the admin role gets a plain explanation instead of the tabs.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.client import errors
from counter_app.client.admin import ROLE_LABELS, AdminApi, AdminOffice, AdminSnapshot
from counter_app.domain.clock import office_now
from ui.admin.admin_counters import CountersTab
from ui.admin.admin_office import OfficeTab
from ui.admin.admin_services import ServicesTab
from ui.admin.admin_users import UsersTab
from ui.common.context import AppContext
from ui.common.plain_label import PlainLabel
from ui.common.style import BAD, MUTED
from ui.common.tasks import Task, describe

log = logging.getLogger(__name__)


class AdminWindow(QMainWindow):
    sig_office_changed = Signal(object)
    """The office details were saved; carries the new client Health (office included)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.admin = AdminApi(ctx.api)
        self.snapshot: AdminSnapshot | None = None
        self.loads = 0  # finished loads (tests wait on it)
        self.loading = False
        self.forbidden = False
        self.setWindowTitle("Một cửa — Quản trị cơ quan")
        self.resize(1240, 720)

        self.title = PlainLabel("Thiết lập cơ quan")
        self.title.setObjectName("title")
        self.subtitle = PlainLabel()
        self.subtitle.setObjectName("hint")
        self.reload_button = QPushButton("⟳ Tải lại")
        self.reload_button.setToolTip("Đọc lại thiết lập từ máy chủ (F5)")
        self.reload_button.setShortcut("F5")
        self.reload_button.clicked.connect(self.reload)
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.title)
        heading.addWidget(self.subtitle)
        top = QHBoxLayout()
        top.addLayout(heading, 1)
        top.addWidget(self.reload_button)

        self.banner = PlainLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setStyleSheet(f"QLabel#banner {{ background: #fdecea; color: {BAD}; "
                                  f"border: 1px solid {BAD}; border-radius: 8px; padding: 10px; "
                                  "font-weight: 600; }")
        self.banner.hide()

        self.office_tab = OfficeTab(self.admin)
        self.services_tab = ServicesTab(self.admin)
        self.counters_tab = CountersTab(self.admin)
        self.users_tab = UsersTab(self.admin)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.office_tab, "Cơ quan")
        self.tabs.addTab(self.services_tab, "Dịch vụ")
        self.tabs.addTab(self.counters_tab, "Quầy")
        self.tabs.addTab(self.users_tab, "Tài khoản")
        self.tabs.setEnabled(False)
        self.office_tab.sig_saved.connect(self._on_office_saved)
        for tab in (self.services_tab, self.counters_tab, self.users_tab):
            tab.sig_saved.connect(lambda _key: self.reload())

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addStretch(0)
        self.setCentralWidget(central)
        self.loaded_label = PlainLabel()
        self.statusBar().addWidget(self.loaded_label)
        user = ctx.session.user if ctx.session else None
        if user is not None:
            who = PlainLabel(f"{user.full_name} · {ROLE_LABELS.get(user.role, user.role)}")
            self.statusBar().addPermanentWidget(who)
        self.reload()

    # -- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        if self.loading:
            return
        self.loading = True
        self.reload_button.setEnabled(False)
        self._say_loaded("Đang tải thiết lập từ máy chủ…")
        Task(self, self.admin.snapshot, self._on_loaded).failure(self._on_load_failed).run()

    def _on_loaded(self, snap: AdminSnapshot) -> None:
        self.loading = False
        self.forbidden = False
        self.snapshot = snap
        self.reload_button.setEnabled(True)
        self.banner.hide()
        self.tabs.show()
        self.tabs.setEnabled(True)
        self._show_office(snap.office)
        self.office_tab.set_office(snap.office)
        self.services_tab.set_items(list(snap.services))
        self.counters_tab.set_services(list(snap.services))
        self.counters_tab.set_items(list(snap.counters))
        self.users_tab.set_counters(list(snap.counters))
        self.users_tab.set_items(list(snap.users))
        self.loads += 1
        self._say_loaded(f"Đã tải lúc {office_now(self.ctx.clock):%H:%M:%S} · {len(snap.services)} dịch vụ, "
                         f"{len(snap.counters)} quầy, {len(snap.users)} tài khoản")

    def _on_load_failed(self, exc: BaseException) -> None:
        self.loading = False
        self.reload_button.setEnabled(True)
        self.loads += 1
        if isinstance(exc, errors.Forbidden):
            self.forbidden = True
            self.tabs.setEnabled(False)
            self.tabs.hide()  # empty forms would only suggest there is something to fill
            self.reload_button.setEnabled(False)
            self._show_banner(self.forbidden_message())
            self._say_loaded("Không có quyền quản trị.")
            return
        message = describe(exc, "admin settings could not be loaded")
        self._show_banner(f"Không tải được thiết lập: {message} Bấm “Tải lại” để thử lại.")
        self._say_loaded("Chưa tải được.")

    def forbidden_message(self) -> str:
        user = self.ctx.session.user if self.ctx.session else None
        who = (f"Tài khoản {user.username} ({ROLE_LABELS.get(user.role, user.role)})"
               if user else "Tài khoản đang đăng nhập")
        return (f"Không có quyền (Forbidden): {who} không được sửa thiết lập cơ quan. "
                "Chỉ tài khoản có vai trò Quản trị mới mở được cửa sổ này — hãy đăng nhập "
                "bằng tài khoản quản trị hoặc nhờ quản trị viên.")

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def _say_loaded(self, text: str) -> None:
        self.loaded_label.setStyleSheet(f"color: {MUTED};")
        self.loaded_label.setText(text)

    def _show_office(self, office: AdminOffice) -> None:
        self.subtitle.setText(f"{office.name} · mã định danh {office.agency_code}")
        self.setWindowTitle(f"Một cửa — Quản trị cơ quan — {office.name}")

    # -- after saving the office ---------------------------------------------------------------

    def _on_office_saved(self, office: AdminOffice) -> None:
        self._show_office(office)
        api = self.ctx.api
        Task(self, api.health, self._on_health) \
            .failure(lambda exc: log.warning("health after office change: %s", exc)).run()
        self.reload()

    def _on_health(self, health) -> None:
        """This counter prints the new details on its next receipt, without a restart."""
        self.ctx.health = health
        self.sig_office_changed.emit(health)
