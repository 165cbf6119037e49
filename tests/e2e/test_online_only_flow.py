"""An online-only procedure at the counter (Directive 24/CT-TTg; issue 15, item 10): the
page says why there is no paper receipt and will not save one; "Hỗ trợ nộp trực tuyến"
records the portal's dossier code against the ticket being served (real counter window,
real backend)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.client.api import ApiClient
from tests.e2e.test_supplement_refusal import BIRTH, call_ticket, identify, release

pytestmark = pytest.mark.e2e
TEMPORARY_RESIDENCE = "1.004222"  # Đăng ký tạm trú: online only in the demo catalogue


def test_online_only_procedure_blocks_the_receipt_and_records_the_assisted_filing(
        qtbot, counter, backend, demo_cards):
    from ui.counter.reception.online_assist_dialog import OnlineAssistDialog

    ticket = call_ticket(qtbot, counter, backend)
    page = counter.window.reception
    identify(qtbot, counter, demo_cards["matched"])
    panel = page.procedures
    panel.select(TEMPORARY_RESIDENCE)
    panel.check_all()  # every paper handed over: still no paper dossier
    assert panel.online_only.isVisibleTo(page)
    assert "Chỉ thị 24/CT-TTg" in panel.online_only.text.text()
    assert panel.appointment.text() == ""  # no appointment: the counter receives nothing
    assert not page.save_button.isEnabled()
    assert "Chỉ thị 24/CT-TTg" in page.save_hint.text()
    assert "không in biên nhận" in page.save_hint.text()
    assert not page.supplement_button.isEnabled() and not page.refusal_button.isEnabled()
    saved: list = []
    page.sig_saved.connect(saved.append)
    page.save()  # Ctrl+S does the same: nothing is sent, nothing printed
    assert saved == [] and not page._saving

    qtbot.mouseClick(panel.online_only.assist_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(OnlineAssistDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.portal_code.setText("G22 105")  # a space: no portal code looks like that
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisibleTo(dialog) and "khoảng trắng" in dialog.error.text()
    dialog.portal_code.setText(" G22.105-261205-0042 ")  # as a scanner may type it
    with qtbot.waitSignal(dialog.sig_recorded, timeout=10_000) as recorded:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    record = recorded.args[0]
    assert record.ticket_id == ticket.id and record.portal_code == "G22.105-261205-0042"
    assert record.procedure_code == TEMPORARY_RESIDENCE
    assert "G22.105-261205-0042" in page.save_hint.text()

    api = ApiClient(backend.base_url)  # what the backend stored, read by another clerk
    api.login("canbo2", "canbo2")
    stored = api.request("GET", f"/assisted-filings/{record.id}")
    api.close()
    assert stored["ticket_id"] == ticket.id and stored["by"]["username"] == "canbo1"

    panel.select(BIRTH)  # a paper procedure: the receipt is back
    panel.check_all()
    assert not panel.online_only.isVisibleTo(page)
    assert page.save_button.isEnabled()
    release(backend, ticket)
