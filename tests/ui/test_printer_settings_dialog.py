"""The clerk sets up a network printer: errors per field, a test page that really prints
every Vietnamese letter, and settings that take effect and survive a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from counter_app import settings as S
from counter_app.settings import Settings
from tests.printing.escpos_decode import decode
from tests.printing.fake_printer import FakeNetworkPrinter


@pytest.fixture
def dialog(qtbot, tmp_path):
    from ui.printers.printer_settings_dialog import PrinterSettingsDialog

    saved = []
    store = Settings(tmp_path / "settings.json")
    d = PrinterSettingsDialog(store, saved.append)
    d.saved, d.store = saved, store
    qtbot.addWidget(d)
    d.show()
    yield d
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def test_missing_address_is_reported_next_to_the_form(qtbot, dialog):
    form = dialog.forms["receipt"]
    form.kind.setCurrentIndex(form.kind.findData("network"))
    form.host.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert form.errors.isVisible()
    assert "Địa chỉ" in form.errors.text()
    assert dialog.saved == []


def test_test_page_prints_on_a_network_printer_and_settings_persist(qtbot, dialog, tmp_path):
    with FakeNetworkPrinter() as printer:
        form = dialog.forms["receipt"]
        form.name.setText("Máy in quầy 1")
        form.kind.setCurrentIndex(form.kind.findData("network"))
        form.host.setText("127.0.0.1")
        form.net_port.setValue(printer.port)
        form.route.setCurrentIndex(form.route.findData("cp1258"))
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Đã in trang thử" in dialog.status.text(), timeout=10_000)
        qtbot.waitUntil(lambda: len(printer.printed) == 1, timeout=15_000)
        assert b"\x1bt" in printer.printed[0]  # text route: one code-page selection
        assert decode(printer.printed[0]) is not None

        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.saved != [], timeout=15_000)
    chosen = dialog.saved[0]["receipt"]
    assert (chosen.kind, chosen.host, chosen.port, chosen.text_route) == \
        ("network", "127.0.0.1", printer.port, "cp1258")
    again = Settings(tmp_path / "settings.json").get(S.PRINTERS)
    assert again["receipt"]["host"] == "127.0.0.1" and again["ticket"]["kind"] == "preview"
