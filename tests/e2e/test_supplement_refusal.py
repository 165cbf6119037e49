"""Dossiers that cannot be taken as they are: form 02 (supplement request) with exactly
the missing documents, form 03 (refusal); both recorded, printed and tied to the ticket."""

from __future__ import annotations

import pytest
from PIL import ImageOps
from PySide6.QtCore import Qt

from tests.ui.keyboard import scan

pytestmark = pytest.mark.e2e
BIRTH = "1.001193"  # Đăng ký khai sinh: two required documents, counter or post


def printed_page(receipts, title_start: str):
    pages = [p for p in receipts.transport.pages if p.title.startswith(title_start)]
    assert pages, f"no {title_start!r} job reached the printer"
    picture = pages[-1].image
    assert picture.width > 0 and ImageOps.invert(picture.convert("L")).getbbox() is not None
    return pages[-1]


def identify(qtbot, counter, card) -> None:
    page = counter.window.reception
    with qtbot.waitSignal(page.sig_verified, timeout=10_000):
        scan(counter.window, card.payload)


def release(backend, ticket) -> None:
    """Leave counter 1 free for the next test's call (the backend lives for the module)."""
    from counter_app.client.api import ApiClient
    from counter_app.client.errors import Rejected
    from counter_app.client.queue import QueueApi

    api = ApiClient(backend.base_url)
    api.login("canbo1", "canbo1")
    queue = QueueApi(api)
    try:
        queue.no_show(ticket.id)
    except Rejected:
        queue.finish(ticket.id)
    api.close()


def call_ticket(qtbot, counter, backend):
    from counter_app.client.api import ApiClient, new_idempotency_key
    from counter_app.client.queue import QueueApi

    kiosk = ApiClient(backend.base_url)
    kiosk.login("kiosk1", "kiosk1")
    ticket = QueueApi(kiosk).issue("HT", None, new_idempotency_key())
    kiosk.close()
    panel = counter.window.queue_panel
    qtbot.waitUntil(lambda: panel.counter is not None, timeout=10_000)
    with qtbot.waitSignal(panel.sig_ticket_called, timeout=10_000) as called:
        panel.call_next()
    assert called.args[0].id == ticket.id
    return ticket


def test_missing_document_gives_form_02_then_the_completed_dossier_its_receipt(
        qtbot, counter, backend, demo_cards):
    ticket = call_ticket(qtbot, counter, backend)
    page = counter.window.reception
    identify(qtbot, counter, demo_cards["matched"])
    panel = page.procedures
    panel.select(BIRTH)
    panel.table.item(0, 0).setCheckState(Qt.CheckState.Checked)  # the form, not the birth slip
    assert not page.save_button.isEnabled()
    assert "Giấy chứng sinh" in page.save_hint.text() and "mẫu 02" in page.save_hint.text()
    assert page.supplement_button.isEnabled()

    dialog = page.open_supplement()
    assert dialog.table.rowCount() == 1  # exactly the missing document, nothing else
    assert [m.name for m in dialog.items()] == ["Giấy chứng sinh"]
    assert dialog.items()[0].kind == "original"
    dialog.table.cellWidget(0, 2).setText("Chưa có bản chính")
    with qtbot.waitSignal(page.sig_paper_recorded, timeout=10_000) as recorded:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    supplement = recorded.args[0]
    assert supplement.number.startswith("BS-")
    assert supplement.ticket_id == ticket.id
    assert supplement.missing[0].reason == "Chưa có bản chính"
    assert supplement.contact_name == counter.window.ctx.session.user.full_name
    qtbot.waitUntil(lambda: "Đã in phiếu yêu cầu bổ sung" in page.receipt.print_state.text(),
                    timeout=10_000)
    printed_page(counter.receipts, "Yêu cầu bổ sung")
    assert page.receipt.code.text() == supplement.number

    # The applicant comes back with the birth slip: the same screen takes the dossier.
    panel.check_all()
    assert page.save_button.isEnabled() and not page.supplement_button.isEnabled()
    with qtbot.waitSignal(page.sig_saved, timeout=10_000) as saved:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].ticket_id == ticket.id
    qtbot.waitUntil(lambda: "Đã in biên nhận" in page.receipt.print_state.text(), timeout=10_000)
    printed_page(counter.receipts, "Giấy tiếp nhận " + saved.args[0].code)
    release(backend, ticket)


def test_refusal_records_and_prints_form_03(qtbot, counter, backend, demo_cards):
    ticket = call_ticket(qtbot, counter, backend)
    page = counter.window.reception
    identify(qtbot, counter, demo_cards["matched"])
    page.procedures.select(BIRTH)
    dialog = page.open_refusal()
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisibleTo(dialog) and "lý do" in dialog.error.text()  # empty reason
    dialog.reason.setPlainText("Thủ tục không thuộc thẩm quyền giải quyết của cơ quan.")
    with qtbot.waitSignal(page.sig_paper_recorded, timeout=10_000) as recorded:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    refusal = recorded.args[0]
    assert refusal.number.startswith("TC-") and refusal.ticket_id == ticket.id
    assert "thẩm quyền" in refusal.reason
    qtbot.waitUntil(lambda: "Đã in phiếu từ chối" in page.receipt.print_state.text(),
                    timeout=10_000)
    printed_page(counter.receipts, "Từ chối tiếp nhận")
    release(backend, ticket)


def test_result_by_post_needs_an_address(qtbot, counter, demo_cards):
    page = counter.window.reception
    identify(qtbot, counter, demo_cards["matched"])
    panel = page.procedures
    panel.select(BIRTH)
    panel.check_all()
    panel.delivery.setCurrentIndex(panel.delivery.findData("post"))
    assert panel.address.isVisibleTo(page)
    assert panel.address.text() == page.form.text("address")  # starts from the home address
    panel.address.clear()
    assert not page.save_button.isEnabled() and "bưu chính" in page.save_hint.text()
    panel.address.setText("Số 5 phố Nguyễn Thái Học, Hà Nội")
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(page.sig_saved, timeout=10_000) as saved:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].result_delivery == "post"
    assert saved.args[0].delivery_address == "Số 5 phố Nguyễn Thái Học, Hà Nội"


def test_post_is_not_offered_when_the_procedure_returns_at_the_counter_only(qtbot, counter):
    panel = counter.window.reception.procedures
    panel.select("2.000815")  # certifying copies: counter only
    post = panel.delivery.model().item(panel.delivery.findData("post"))
    assert not post.isEnabled()
    assert panel.delivery.currentData() == "counter"
    assert "Phí, lệ phí: 2.000 đ" in panel.fee.text()
