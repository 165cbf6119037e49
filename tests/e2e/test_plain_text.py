"""Text from the server, a QR or a person is shown as typed, never as Qt rich text: a
service or an applicant named with HTML shows its "<b>" and "<a href=…>" literally."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui_Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from counter_app.client.admin import AdminApi
from counter_app.client.api import ApiClient, new_idempotency_key
from counter_app.client.models import Applicant, DossierDraft
from counter_app.domain.cccd import parse_cccd_qr
from printing.transports import PreviewTransport
from tests.e2e.conftest import close_counter, open_counter
from tests.e2e.test_kiosk_flow import close_kiosk, open_kiosk
from tests.ui.message_boxes import MessageBoxes

pytestmark = pytest.mark.e2e
HOSTILE = '<b>X</b><a href="https://evil.example/">bấm</a><img src="/tmp/x.png">'


def seen(label: QLabel) -> str:
    """The words a person reads on the label, as Qt will draw them."""
    text, fmt = label.text(), label.textFormat()
    if fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText
                                         and QtGui_Qt.mightBeRichText(text)):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def test_a_service_name_from_the_server_shows_literally_on_the_kiosk(qtbot, backend, tmp_path):
    api = ApiClient(backend.base_url)
    api.login("quantri", "quantri")
    admin = AdminApi(api)
    admin.update_service("HT", {"name": "Hộ tịch " + HOSTILE})
    controller = open_kiosk(qtbot, backend.base_url, tmp_path, PreviewTransport())
    try:
        button = next(b for b in controller.window.services.buttons if b.service.code == "HT")
        assert seen(button.findChild(QLabel, "serviceName")) == "Hộ tịch " + HOSTILE
    finally:
        close_kiosk(controller)
        admin.update_service("HT", {"name": "Hộ tịch"})
        api.close()


def test_an_applicant_named_with_html_shows_literally_on_the_return_page(qtbot, backend,
                                                                         tmp_path):
    api = ApiClient(backend.base_url)
    api.login("canbo1", "canbo1")
    card = parse_cccd_qr(next(c.payload for c in api.demo_cards(5) if c.expect == "matched"))
    dossier = api.create_dossier(DossierDraft(
        api.procedures()[0].code, Applicant(card.id_number, "Nguyễn " + HOSTILE,
                                            card.date_of_birth, card.sex, card.address),
        "matched"), new_idempotency_key())
    api.close()
    counter = open_counter(qtbot, backend.base_url, tmp_path)
    try:
        returns = counter.window.returns
        returns.lookup.setText(dossier.code)
        returns.find()
        qtbot.waitUntil(lambda: returns.dossier is not None, timeout=10_000)
        assert f"Người nộp: Nguyễn {HOSTILE}" in seen(returns.details)
        assert dossier.procedure.name in seen(returns.details)
    finally:
        close_counter(counter)


def test_a_message_box_shows_a_typed_code_literally(qtbot, backend, tmp_path):
    counter = open_counter(qtbot, backend.base_url, tmp_path)
    boxes = MessageBoxes()
    try:
        counter.window.receipt_reprint.reprint("<b>X</b>")
        qtbot.waitUntil(lambda: bool(boxes.shown), timeout=10_000)
        [(text, fmt)] = boxes.shown
        assert "<B>X</B>" in text and fmt == Qt.TextFormat.PlainText
    finally:
        boxes.stop()
        close_counter(counter)
