"""Result return at the counter: the receipt's QR finds the dossier, the collector's card
is checked, the dossier is marked returned once, and the return slip is printed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.client.api import ApiClient, new_idempotency_key
from counter_app.client.dossiers import DossierApi
from counter_app.client.models import Applicant, DocumentLine, DossierDraft
from counter_app.domain.cccd import parse_cccd_qr
from tests.e2e.test_supplement_refusal import printed_page
from tests.ui.keyboard import scan

pytestmark = pytest.mark.e2e


def dossier_for(backend, card, *, ready: bool):
    """A dossier of the card's owner recorded over HTTP, moved on to "ready" if asked."""
    c = parse_cccd_qr(card.payload)
    applicant = Applicant(c.id_number, c.full_name, c.date_of_birth, c.sex, c.address)
    api = ApiClient(backend.base_url)
    api.login("canbo1", "canbo1")
    try:
        procedure = api.procedures()[0]
        documents = tuple(DocumentLine(d.name, d.originals, d.copies)
                          for d in procedure.documents)
        dossier = api.create_dossier(DossierDraft(procedure.code, applicant, "matched",
                                                  documents), new_idempotency_key())
        if ready:
            steps = DossierApi(api)
            steps.set_status(dossier.code, "processing", "Chuyển phòng Tư pháp")
            dossier = steps.set_status(dossier.code, "ready", "Đã ký kết quả")
        return dossier
    finally:
        api.close()


def test_scan_receipt_then_card_marks_returned_and_prints_the_slip(
        qtbot, counter, backend, demo_cards):
    card = demo_cards["matched"]
    dossier = dossier_for(backend, card, ready=True)
    window = counter.window
    phone = window.reception.form.inputs["phone"]
    phone.setFocus()
    qtbot.waitUntil(phone.hasFocus, timeout=15_000)
    page = window.returns

    with qtbot.waitSignal(page.sig_found, timeout=10_000):
        scan(window, dossier.tracking_url)  # typed into the reception page by the scanner
    assert window.tabs.currentWidget() is page  # a receipt QR always means a return
    assert phone.text() == ""
    assert page.code.text() == dossier.code
    assert "chờ trả" in page.status.text()
    assert [s.status for s in page.dossier.history][-1] == "ready"
    assert not page.return_button.isEnabled()  # nobody identified yet

    with qtbot.waitSignal(page.sig_verified, timeout=10_000) as verified:
        scan(window, card.payload)
    assert verified.args[0].outcome == "matched"
    assert page.collector.relation.currentData() == "self"
    assert page.return_button.isEnabled()

    with qtbot.waitSignal(page.sig_returned, timeout=10_000) as returned:
        qtbot.keyClick(page.lookup, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    done = returned.args[0]
    assert done.status == "returned" and done.returned.collector_name == card.payload.split("|")[2]
    assert "Đã trả kết quả" in page.status.text()
    assert not page.return_button.isEnabled()
    qtbot.waitUntil(lambda: "Đã in phiếu trả kết quả" in page.slip.print_state.text(),
                    timeout=10_000)
    printed_page(counter.receipts, f"Trả kết quả {dossier.code}")

    # Sending the same return again (a retry after a lost answer) changes nothing.
    (key,) = page._keys.values()
    again = DossierApi(counter.api).mark_returned(
        dossier.code, card.payload.split("|")[0], card.payload.split("|")[2], "self",
        "matched", key)
    assert again.status == "returned" and again.returned.at == done.returned.at
    assert DossierApi(counter.api).by_code(dossier.code).status == "returned"


def test_typed_code_of_a_dossier_not_ready_cannot_be_returned(qtbot, counter, backend,
                                                              demo_cards):
    dossier = dossier_for(backend, demo_cards["matched"], ready=False)
    window = counter.window
    qtbot.mouseClick(window.tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=window.tabs.tabBar().tabRect(1).center())
    page = window.returns
    assert window.tabs.currentWidget() is page
    page.lookup.setText(dossier.code.lower())
    with qtbot.waitSignal(page.sig_found, timeout=10_000):
        qtbot.keyClick(page.lookup, Qt.Key.Key_Return)
    assert "Đã tiếp nhận" in page.status.text()
    with qtbot.waitSignal(page.sig_verified, timeout=10_000):
        scan(window, demo_cards["matched"].payload)
    assert not page.return_button.isEnabled()
    assert "chưa có kết quả" in page.hint.text()

    page.lookup.setText("000.00.17.H01-010101-9999")
    qtbot.keyClick(page.lookup, Qt.Key.Key_Return)
    qtbot.waitUntil(page.lookup_error.isVisible, timeout=10_000)
    assert "Không tìm thấy" in page.lookup_error.text()


def test_card_of_someone_else_is_an_authorised_collector(qtbot, counter, backend, demo_cards):
    dossier = dossier_for(backend, demo_cards["matched"], ready=True)
    window = counter.window
    page = window.returns
    with qtbot.waitSignal(page.sig_found, timeout=10_000):
        scan(window, dossier.tracking_url)
    cards = counter.api.demo_cards(20)
    other = next(c for c in cards
                 if c.expect == "matched" and c.payload != demo_cards["matched"].payload)
    with qtbot.waitSignal(page.sig_verified, timeout=10_000):
        scan(window, other.payload)
    assert page.collector.relation.currentData() == "authorized"
    assert "ủy quyền" in page.hint.text()


def test_the_next_dossier_never_goes_to_the_previous_collector(qtbot, counter, backend,
                                                               demo_cards):
    card = demo_cards["matched"]
    first = dossier_for(backend, card, ready=True)
    second = dossier_for(backend, card, ready=True)
    window = counter.window
    page = window.returns
    with qtbot.waitSignal(page.sig_found, timeout=10_000):
        scan(window, first.tracking_url)
    with qtbot.waitSignal(page.sig_verified, timeout=10_000):
        scan(window, card.payload)
    with qtbot.waitSignal(page.sig_returned, timeout=10_000):
        qtbot.keyClick(page.lookup, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    with qtbot.waitSignal(page.sig_found, timeout=10_000):
        scan(window, second.tracking_url)
    assert page.code.text() == second.code
    assert page.collector.id_number.text() == "" and page.collector.full_name.text() == ""
    assert page.badge.outcome is None
    assert not page.return_button.isEnabled()
    assert "Quét thẻ CCCD của người nhận" in page.hint.text()
    with qtbot.assertNotEmitted(page.sig_returned, wait=500):
        qtbot.keyClick(page.lookup, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert DossierApi(counter.api).by_code(second.code).status == "ready"

    # This dossier's collector, verified now, can take it.
    with qtbot.waitSignal(page.sig_verified, timeout=10_000):
        scan(window, card.payload)
    with qtbot.waitSignal(page.sig_returned, timeout=10_000) as returned:
        qtbot.keyClick(page.lookup, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert returned.args[0].code == second.code


def test_a_verification_answer_for_the_previous_dossier_is_dropped(qtbot, counter, backend,
                                                                  demo_cards):
    card = demo_cards["matched"]
    first = dossier_for(backend, card, ready=True)
    second = dossier_for(backend, card, ready=True)
    window = counter.window
    page = window.returns
    with qtbot.waitSignal(page.sig_found, timeout=10_000):
        scan(window, first.tracking_url)
    page.collector.fill_from_card(parse_cccd_qr(card.payload))
    page.verify()  # the answer is on its way while the clerk scans the next receipt
    page.show_dossier(second)
    qtbot.waitUntil(page.verify_button.isEnabled, timeout=10_000)
    assert not page.return_button.isEnabled()
    assert page.badge.outcome is None
