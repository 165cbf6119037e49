"""Saving a dossier whose identity the population database contradicts: the clerk is
asked, Cancel keeps the form unsaved, and the reason given is stored with the dossier."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.client.dossiers import DossierApi
from tests.e2e.test_reception_flow import ready_to_save

pytestmark = pytest.mark.e2e
REASON = "Đã đối chiếu CCCD gốc và giấy khai sinh; CSDL chưa cập nhật họ tên."


def press_save(qtbot, page):
    qtbot.keyClick(page.form.inputs["phone"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_mismatched_identity_asks_cancel_keeps_the_form_confirm_stores_the_reason(
        qtbot, counter, demo_cards):
    page = ready_to_save(qtbot, counter, demo_cards["mismatched"].payload)
    assert page.save_button.isEnabled()
    assert "ghi lý do" in page.save_hint.text()
    id_number = page.form.text("id_number")
    receipt_before = page.receipt.code.text()

    with qtbot.assertNotEmitted(page.sig_saved, wait=300):
        press_save(qtbot, page)
        qtbot.waitUntil(lambda: page.identity_dialog is not None
                        and page.identity_dialog.isVisible(), timeout=15_000)
        dialog = page.identity_dialog
        assert "họ tên" in dialog.message.text()
        assert not dialog.confirm_button.isEnabled()  # no reason, no confirmation
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.identity_dialog is None, timeout=15_000)
    assert page.form.text("id_number") == id_number  # back on the form, nothing lost
    assert page.save_button.isEnabled()
    assert page.receipt.code.text() == receipt_before  # no receipt: nothing was recorded

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.identity_dialog is not None, timeout=15_000)
    dialog = page.identity_dialog
    qtbot.keyClicks(dialog.reason, "ok")
    assert not dialog.confirm_button.isEnabled() and "ít nhất" in dialog.hint.text()
    dialog.reason.setPlainText(REASON)
    with qtbot.waitSignal(page.sig_saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    dossier = saved.args[0]
    assert dossier.identity_outcome == "mismatched"
    remote = DossierApi(counter.api).by_code(dossier.code)
    assert REASON in remote.note and "họ tên" in remote.note


def test_matched_identity_is_saved_without_a_question(qtbot, counter, demo_cards):
    page = ready_to_save(qtbot, counter, demo_cards["matched"].payload)
    with qtbot.waitSignal(page.sig_saved, timeout=10_000) as saved:
        press_save(qtbot, page)
    assert page.identity_dialog is None
    assert saved.args[0].note is None


def test_the_reason_is_read_again_when_the_result_is_returned(qtbot, counter, demo_cards):
    page = ready_to_save(qtbot, counter, demo_cards["mismatched"].payload)
    press_save(qtbot, page)
    qtbot.waitUntil(lambda: page.identity_dialog is not None, timeout=15_000)
    page.identity_dialog.reason.setPlainText(REASON + " <b>x</b>")
    with qtbot.waitSignal(page.sig_saved, timeout=10_000) as saved:
        qtbot.mouseClick(page.identity_dialog.confirm_button, Qt.MouseButton.LeftButton)
    returns = counter.window.returns
    counter.window.tabs.setCurrentWidget(returns)
    returns.lookup.setText(saved.args[0].code)
    with qtbot.waitSignal(returns.sig_found, timeout=10_000):
        qtbot.keyClick(returns.lookup, Qt.Key.Key_Return)
    assert REASON in returns.details.text()
    assert "&lt;b&gt;x&lt;/b&gt;" in returns.details.text()  # shown as typed, not as markup
