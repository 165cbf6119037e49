"""The kiosk's flow: full-screen window at once, then backend, device sign-in
(ui/common/device_controller.py), services."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QApplication

from counter_app import settings as S
from counter_app.kiosk_pin import KIOSK_PIN_HASH, save_pin
from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from ui.common.device_controller import DeviceController
from ui.common.qt_app import running_app
from ui.common.tasks import Task

if TYPE_CHECKING:
    from counter_app.client.api import ApiClient
    from ui.kiosk.kiosk_window import KioskWindow

log = logging.getLogger(__name__)


class KioskController(DeviceController):
    demo_account = "kiosk1"

    def __init__(self, settings: Settings, start_backend: Callable[[], tuple[str, str]],
                 tokens: TokenStore | None = None, printer=None, pin_guard=None) -> None:
        super().__init__(settings, start_backend, tokens)
        from counter_app import paths
        from counter_app.client.queue import PendingVoids
        from counter_app.desk.printouts import load_printer_settings
        from counter_app.desk.tickets import TicketPrinter
        from ui.kiosk.kiosk_issuer import KioskIssuer
        from ui.kiosk.kiosk_window import KioskWindow

        self.printer = printer or TicketPrinter(
            load_printer_settings(settings.get(S.PRINTERS), "ticket"))
        self.issuer = KioskIssuer(self.printer, PendingVoids(paths.data_dir() / "kiosk_voids.json"),
                                  self)
        window = KioskWindow(self.issuer, settings.get(KIOSK_PIN_HASH), pin_guard=pin_guard)
        window.sig_admin_exit.connect(self._on_admin_exit)
        window.sig_pin_chosen.connect(self._on_pin_chosen)
        self.window: KioskWindow | None = window
        self.device_window = window

    def ready(self, api: ApiClient) -> None:
        from counter_app.client.queue import QueueApi

        if self.window is not None:
            self.window.set_backend(QueueApi(api), self.health.office if self.health else None)

    def show_problem(self, text: str) -> None:
        if self.window is not None:
            self.window.show_connecting(text)

    def _on_pin_chosen(self, pin: str) -> None:
        settings = self.settings
        Task(self, lambda: save_pin(settings, pin) or settings.get(KIOSK_PIN_HASH),
             self._on_pin_saved).failure(self._on_pin_not_saved).run()

    def _on_pin_saved(self, pin_hash: str) -> None:
        log.info("kiosk admin PIN set (hash saved to %s)", self.settings.path)
        if self.window is not None:
            self.window.set_pin_hash(pin_hash)

    def _on_pin_not_saved(self, exc: BaseException) -> None:
        log.error("kiosk admin PIN not saved: %s", exc)
        if self.window is not None:
            self.window.pin_setup.show_error(
                "Không lưu được mã PIN vào tệp cấu hình; báo quản trị viên kiểm tra quyền ghi.")

    def _on_admin_exit(self) -> None:
        QApplication.quit()

    def shutdown(self) -> None:
        if self.window is not None and shiboken6.isValid(self.window):
            self.window.release()  # the program may close what people cannot
        super().shutdown()
        self.window = None
        self.printer.close()


def run_kiosk(settings: Settings, start_backend: Callable[[], tuple[str, str]]) -> int:
    app = running_app()
    controller = KioskController(settings, start_backend)
    controller.start()
    try:
        return app.exec()
    finally:
        controller.shutdown()
