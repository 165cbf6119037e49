"""The self-service ticket kiosk: full screen, touch only, locked down.

Esc, Alt+F4 and window-manager closes are ignored; an admin leaves with Ctrl+Shift+Q or
by holding the top-left corner for 3 seconds, then the admin PIN. A kiosk without a PIN
shows the PIN setup screen instead of the services: there is no default PIN.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from counter_app.client import errors
from counter_app.client.models import Office
from counter_app.client.queue import QueueApi, Service, Ticket
from counter_app.domain.clock import Clock, office_now
from counter_app.kiosk_pin import PinGuard
from ui.common.plain_label import PlainLabel
from ui.common.session_expiry import session_expiry
from ui.common.shortcuts import shortcut
from ui.common.tasks import Task
from ui.kiosk.kiosk_admin import AdminPinDialog
from ui.kiosk.kiosk_issuer import PRINT_FAILED_TEXT, KioskIssuer
from ui.kiosk.kiosk_pin_setup import PinSetupScreen
from ui.kiosk.kiosk_screens import STYLESHEET, MessageScreen, PriorityScreen, ServicesScreen

log = logging.getLogger(__name__)
RESULT_MS = 8_000  # long enough to read the number and take the paper
ERROR_MS = 12_000
PRIORITY_IDLE_MS = 30_000  # someone walked away mid-choice
SERVICES_REFRESH_MS = 10_000
LONG_PRESS_MS = 3_000
CORNER = 90


class KioskWindow(QWidget):
    sig_admin_exit = Signal()
    """An admin entered the right PIN and wants the kiosk closed."""
    sig_pin_chosen = Signal(str)
    """The admin chose the first PIN (the owner hashes and saves it, then set_pin_hash)."""

    def __init__(self, issuer: KioskIssuer, pin_hash: str, parent: QWidget | None = None,
                 pin_guard: PinGuard | None = None, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self._office_clock = clock  # None: the app's clock
        self.setObjectName("KioskWindow")
        self.setWindowTitle("Máy lấy số thứ tự")
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)
        self.setStyleSheet(STYLESHEET)
        self.issuer = issuer
        self._pin_hash = pin_hash
        self.pin_guard = pin_guard or PinGuard()
        self._allow_close = False
        self._queue_api: QueueApi | None = None
        self._service: Service | None = None
        self.last_ticket: Ticket | None = None
        self._press = QElapsedTimer()

        self.office_label = PlainLabel("Bộ phận Một cửa")
        self.office_label.setObjectName("kioskOffice")
        self.clock = PlainLabel()
        self.clock.setObjectName("kioskClock")
        header = QFrame()
        header.setObjectName("kioskHeader")
        header.setFixedHeight(84)
        row = QHBoxLayout(header)
        row.setContentsMargins(36, 0, 36, 0)
        row.addWidget(self.office_label, 1)
        row.addWidget(self.clock)

        self.services = ServicesScreen()
        self.services.sig_chosen.connect(self._on_service_chosen)
        self.priority = PriorityScreen()
        self.priority.sig_chosen.connect(self._on_priority_chosen)
        self.priority.sig_back.connect(self.go_home)
        self.message = MessageScreen()
        self.pin_setup = PinSetupScreen()
        self.pin_setup.sig_chosen.connect(self.sig_pin_chosen)
        self.stack = QStackedWidget()
        for screen in (self.services, self.priority, self.message, self.pin_setup):
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.stack, 1)

        issuer.sig_issued.connect(self._on_issued)
        issuer.sig_failed.connect(self._on_failed)
        issuer.sig_print_failed.connect(self._on_print_failed)
        self._home_timer = QTimer(self)
        self._home_timer.setSingleShot(True)
        self._home_timer.timeout.connect(self.go_home)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start(1000)
        self._refresh = QTimer(self)
        self._refresh.timeout.connect(self.load_services)
        self._refresh.start(SERVICES_REFRESH_MS)
        shortcut(self, "Ctrl+Shift+Q", self.ask_admin_pin)
        self._on_tick()
        self.show_connecting("Đang kết nối máy chủ…")

    # -- backend -----------------------------------------------------------------------------

    def set_backend(self, queue_api: QueueApi, office: Office | None) -> None:
        self._queue_api = queue_api
        if office is not None:
            self.office_label.setText(office.name)
        self.issuer.set_backend(queue_api, office)
        self.go_home()

    def show_connecting(self, text: str) -> None:
        self.services.set_message(text)
        self.stack.setCurrentWidget(self.services if self._pin_hash else self.pin_setup)

    def set_pin_hash(self, pin_hash: str) -> None:
        self._pin_hash = pin_hash
        self.go_home()

    def load_services(self) -> None:
        if self._queue_api is None or self.stack.currentWidget() is not self.services:
            return
        Task(self, self._queue_api.services, self.services.set_services) \
            .failure(self._on_services_failed, unauthorized=True).run()

    def _on_services_failed(self, exc: BaseException) -> None:
        if isinstance(exc, errors.Unauthorized):
            session_expiry().report()
        log.warning("kiosk services unavailable: %s", exc)
        if not self.services.buttons:
            self.services.set_message("Tạm thời chưa kết nối được máy chủ. Vui lòng chờ trong giây lát.")

    # -- flow ---------------------------------------------------------------------------------

    def go_home(self) -> None:
        self._home_timer.stop()
        self._service = None
        if not self._pin_hash:
            self.stack.setCurrentWidget(self.pin_setup)
            return
        self.stack.setCurrentWidget(self.services)
        self.load_services()

    def _on_service_chosen(self, service: Service) -> None:
        self._service = service
        self.priority.set_service(service)
        self.stack.setCurrentWidget(self.priority)
        self._home_timer.start(PRIORITY_IDLE_MS)

    def _on_priority_chosen(self, priority: str | None) -> None:
        if self._service is None or self.issuer.busy:
            return
        self._home_timer.stop()
        self.message.show_message("Đang in phiếu…", "Vui lòng chờ trong giây lát.")
        self.stack.setCurrentWidget(self.message)
        self.issuer.issue(self._service.code, priority)

    def _on_issued(self, ticket: Ticket) -> None:
        self.last_ticket = ticket
        self.message.show_ticket(ticket)
        self.stack.setCurrentWidget(self.message)
        self._home_timer.start(RESULT_MS)

    def _on_failed(self, text: str) -> None:
        self.message.show_message("Xin lỗi, chưa cấp được số", text, error=True)
        self.stack.setCurrentWidget(self.message)
        self._home_timer.start(ERROR_MS)

    def _on_print_failed(self, _ticket: Ticket, _voided: bool) -> None:
        # Voided or still waiting to be: either way nobody will call this number.
        self._on_failed(PRINT_FAILED_TEXT)

    def _on_tick(self) -> None:
        self.clock.setText(office_now(self._office_clock).strftime("%H:%M   %d/%m/%Y"))

    # -- lock-down ------------------------------------------------------------------------------

    def ask_admin_pin(self) -> None:
        if not self._pin_hash:  # nothing to check against: the setup screen is showing
            return
        dialog = AdminPinDialog(self._pin_hash, self.pin_guard, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_unlocked.connect(self._on_unlocked)
        dialog.open()

    def _on_unlocked(self) -> None:
        log.info("kiosk unlocked by an admin")
        self._allow_close = True
        self.sig_admin_exit.emit()

    def release(self) -> None:
        """Let the program close the window (shutdown); people still cannot."""
        self._allow_close = True

    def closeEvent(self, event) -> None:
        if self._allow_close:
            self._tick.stop()
            self._refresh.stop()
            super().closeEvent(event)
        else:
            event.ignore()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:
        pos = event.position()
        if pos.x() < CORNER and pos.y() < CORNER:
            self._press.start()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._press.isValid() and self._press.elapsed() >= LONG_PRESS_MS:
            self.ask_admin_pin()
        self._press.invalidate()
        super().mouseReleaseEvent(event)
