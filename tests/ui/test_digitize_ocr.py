"""With the office's OCR switch on, the counter's stored PDF of a Vietnamese page can be
searched (its words come out of pdftotext) and the signature, made after the text was
added, still verifies (issue 14, real backend)."""

from __future__ import annotations

import pytest

from counter_app import settings as S
from counter_app.client.api import new_idempotency_key
from counter_app.client.dossier_files import DossierFilesApi
from counter_app.digitize import ocr
from counter_app.digitize.signing import load_p12
from counter_app.digitize.verify import check_pdf
from tests.client.live import draft
from tests.digitize.certs import make_ca
from tests.digitize.test_ocr import text_of, vietnamese_page
from tests.ui.session import logged_in_context

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(
    ocr.missing_reason() != "", reason="tesseract with the Vietnamese model is not installed")]


def test_saved_with_ocr_is_searchable_and_signed(qtbot, live, matched_card, tmp_path):
    from ui.counter.reception.digitize_dialog import DigitizeDialog

    ctx = logged_in_context(live.base_url, "canbo1", tmp_path)
    dossier = ctx.api.create_dossier(draft(matched_card), new_idempotency_key())
    ca = make_ca(tmp_path / "ca")
    ctx.settings.set(S.SIGNING_P12, str(ca.p12))
    ctx.settings.set(S.DIGITIZE_OCR, True)
    ctx.signer = load_p12(ca.p12, ca.password)
    dialog = DigitizeDialog(ctx, dossier)
    qtbot.addWidget(dialog)
    page = tmp_path / "trang1.png"
    vietnamese_page().save(page, dpi=(300, 300))
    dialog.add_files([page])
    qtbot.waitUntil(lambda: dialog.thumbs.count() == 1 and not dialog._busy, timeout=15_000)
    dialog.paper_pages.setValue(1)
    dialog.save()
    qtbot.waitUntil(lambda: "Đã lưu" in dialog.status.text(), timeout=60_000)
    assert "Chưa nhận dạng chữ" not in dialog.status.text()

    api = DossierFilesApi(ctx.api)
    stored = api.listed(dossier.code)
    data = api.content(dossier.code, stored[0].id)
    assert "thường trú" in text_of(data, tmp_path)
    checked = check_pdf(data, [ca.root_pem])
    assert checked.ok and checked.pdfa
