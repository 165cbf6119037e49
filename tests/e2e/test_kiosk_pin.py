"""The kiosk's exit PIN against the real backend: no default PIN, a first-start screen that
refuses weak ones, and wrong PINs that are told and make the next try wait longer.

Time is a fake clock handed to the kiosk's PinGuard; the dialog's own 1 s countdown timer
still runs, so waitUntil sees the text a person would see."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from counter_app.kiosk_pin import KIOSK_PIN_HASH, PinGuard, pin_matches
from counter_app.settings import Settings
from printing.transports import PreviewTransport
from tests.e2e.test_kiosk_flow import ADMIN_PIN, close_kiosk, open_kiosk
from ui.kiosk.kiosk_admin import AdminPinDialog

pytestmark = pytest.mark.e2e


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def choose_pin(qtbot, setup, first: str, second: str) -> None:
    qtbot.keyClicks(setup.first, first)
    qtbot.keyClicks(setup.second, second)
    qtbot.mouseClick(setup.save, Qt.MouseButton.LeftButton)


def test_a_new_kiosk_asks_for_a_pin_before_it_issues_any_ticket(qtbot, backend, tmp_path):
    controller = open_kiosk(qtbot, backend.base_url, tmp_path, PreviewTransport(), pin=None)
    window = controller.window
    setup = window.pin_setup
    try:
        qtbot.waitUntil(lambda: controller.health is not None, timeout=15_000)
        assert window.stack.currentWidget() is setup  # logged in, still no services
        window.ask_admin_pin()  # Ctrl+Shift+Q: no PIN exists that could close the kiosk
        assert window.findChild(AdminPinDialog) is None

        for weak, why in (("0000", "ít nhất 6 chữ số"), ("777777", "lặp"),
                          ("123456", "liên tiếp"), ("987654", "liên tiếp")):
            choose_pin(qtbot, setup, weak, weak)
            assert why in setup.error.text()
            setup.first.clear()
        choose_pin(qtbot, setup, "975310", "975311")
        assert setup.error.text() == "Hai lần nhập không khớp."
        assert window.stack.currentWidget() is setup
        setup.first.clear()

        choose_pin(qtbot, setup, "975310", "975310")
        qtbot.waitUntil(lambda: len(window.services.buttons) >= 1, timeout=10_000)
        assert window.stack.currentWidget() is window.services
        stored = (tmp_path / "settings.json").read_text("utf-8")
        assert "975310" not in stored  # only the salted hash is kept
        pin_hash = Settings(tmp_path / "settings.json").get(KIOSK_PIN_HASH)
        assert pin_hash.startswith("scrypt$")
        assert pin_matches("975310", pin_hash) and not pin_matches("0000", pin_hash)
    finally:
        close_kiosk(controller)


def test_a_kiosk_from_an_older_version_forgets_its_clear_pin_and_asks_again(
        qtbot, backend, tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({"kiosk_admin_pin": "0000"}), "utf-8")
    controller = open_kiosk(qtbot, backend.base_url, tmp_path, PreviewTransport(), pin=None)
    window = controller.window
    try:
        assert window.stack.currentWidget() is window.pin_setup  # "0000" opens nothing
        choose_pin(qtbot, window.pin_setup, "975310", "975310")
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.services, timeout=10_000)
        assert json.loads((tmp_path / "settings.json").read_text("utf-8"))["kiosk_admin_pin"] == ""
    finally:
        close_kiosk(controller)


def type_on_keypad(qtbot, dialog: AdminPinDialog, pin: str) -> None:
    keys = {button.text(): button for button in dialog.keys}
    for digit in pin:
        qtbot.mouseClick(keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keys["OK"], Qt.MouseButton.LeftButton)


def test_wrong_pins_are_told_and_each_wait_grows(qtbot, backend, tmp_path):
    clock = FakeClock()
    controller = open_kiosk(qtbot, backend.base_url, tmp_path, PreviewTransport(),
                            pin_guard=PinGuard(clock))
    window = controller.window
    window.sig_admin_exit.disconnect(controller._on_admin_exit)  # keep the test's app running
    exits: list[bool] = []
    window.sig_admin_exit.connect(lambda: exits.append(True))

    def open_dialog() -> AdminPinDialog:
        window.ask_admin_pin()
        dialog = window.findChild(AdminPinDialog)
        assert dialog is not None and dialog.isVisible()
        return dialog

    try:
        dialog = open_dialog()
        for _ in range(2):  # two slips cost nothing
            type_on_keypad(qtbot, dialog, "111111")
            assert dialog.message.text() == "Mã PIN không đúng. Vui lòng thử lại."
            assert not dialog.locked and not exits

        type_on_keypad(qtbot, dialog, "111111")
        assert dialog.message.text() == "Mã PIN không đúng. Vui lòng thử lại sau 2 giây."
        assert dialog.locked and not any(k.isEnabled() for k in dialog.keys)
        type_on_keypad(qtbot, dialog, ADMIN_PIN)  # the keypad is dead while it waits
        assert not exits

        clock.advance(1)
        qtbot.waitUntil(lambda: dialog.message.text().endswith("sau 1 giây."), timeout=15_000)
        clock.advance(1)
        qtbot.waitUntil(lambda: not dialog.locked, timeout=15_000)
        assert dialog.message.text() == "Mã PIN không đúng. Mời nhập lại."

        type_on_keypad(qtbot, dialog, "222222")
        assert dialog.message.text() == "Mã PIN không đúng. Vui lòng thử lại sau 4 giây."
        dialog.reject()  # closing and reopening the dialog does not reset the wait
        qtbot.waitUntil(lambda: window.findChild(AdminPinDialog) is None, timeout=15_000)
        dialog = open_dialog()
        assert dialog.locked and dialog.message.text().endswith("sau 4 giây.")

        clock.advance(4)
        qtbot.waitUntil(lambda: not dialog.locked, timeout=15_000)
        type_on_keypad(qtbot, dialog, ADMIN_PIN)
        assert exits == [True]
        assert window.pin_guard.failures == 0
    finally:
        close_kiosk(controller)
