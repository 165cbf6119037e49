"""A scan that goes wrong (cut short, or typed through the wrong keyboard layout) is taken
back out of the field it landed in and said in Vietnamese; a person typing is left alone."""

from __future__ import annotations

import pytest

from tests.e2e.test_result_return import dossier_for
from tests.ui.keyboard import KeyClock, press_enter, scan, type_text

pytestmark = pytest.mark.e2e
GARBLED = "Không đọc được thẻ CCCD"


def focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=15_000)


def test_a_scan_cut_short_is_taken_back_and_reported(qtbot, counter, demo_cards):
    window = counter.window
    page = window.reception
    phone = page.form.inputs["phone"]
    focus(qtbot, phone)
    phone.setText("0912")
    partial = demo_cards["matched"].payload[:30]  # the scanner lost the rest of the code

    with qtbot.assertNotEmitted(page.sig_verified, wait=200):
        scan(window, partial, KeyClock(), gap_ms=6)
    assert phone.text() == "0912"  # as before the burst
    assert GARBLED in page.badge.label.text()
    assert "quét lại" in page.badge.label.text() and "bàn phím" in page.badge.label.text()


def test_a_card_read_through_the_wrong_layout_is_taken_back(qtbot, counter, demo_cards):
    window = counter.window
    page = window.reception
    name = page.form.inputs["full_name"]
    focus(qtbot, name)
    garbled = demo_cards["matched"].payload.replace("|", "\\")  # '|' typed as '\'
    scan(window, garbled, KeyClock(), gap_ms=4)
    assert name.text() == ""
    assert GARBLED in page.badge.label.text()


def test_a_failed_scan_on_the_return_page_does_not_look_anything_up(qtbot, counter, backend,
                                                                   demo_cards):
    dossier = dossier_for(backend, demo_cards["matched"], ready=True)
    window = counter.window
    page = window.returns
    window.tabs.setCurrentWidget(page)
    focus(qtbot, page.lookup)
    clock = KeyClock()
    with qtbot.assertNotEmitted(page.sig_found, wait=300):
        cut = dossier.tracking_url.rsplit("/", 1)[0] + "/Xy3_kL"  # the QR read in part
        scan(window, cut, clock, gap_ms=5)
    assert page.lookup.text() == ""
    assert page.lookup_error.isVisible() and GARBLED in page.lookup_error.text()

    # The clerk types the code by hand, at a person's pace: Enter looks it up as always.
    type_text(page.lookup, dossier.code, clock, gap_ms=140)
    with qtbot.waitSignal(page.sig_found, timeout=10_000):
        press_enter(page.lookup, clock, gap_ms=300)
    assert page.code.text() == dossier.code
    assert not page.lookup_error.isVisible()


def test_typing_by_hand_then_enter_stays_in_the_field(qtbot, counter):
    window = counter.window
    page = window.reception
    address = page.form.inputs["address"]
    focus(qtbot, address)
    clock = KeyClock()
    type_text(address, "So 12 Hang Bai", clock, gap_ms=110)
    press_enter(address, clock, gap_ms=200)
    assert address.text() == "So 12 Hang Bai"
    assert GARBLED not in page.badge.label.text()
