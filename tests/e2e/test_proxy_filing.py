"""Someone files on the applicant's behalf (form 01's authorised person, issue 15 item 6):
the clerk scans the representative's card into its own block, types the authorisation,
and the receipt and the backend's dossier carry both persons (real window, real backend)."""

from __future__ import annotations

import pytest

from counter_app.client.api import ApiClient
from tests.e2e.test_reception_flow import ready_to_save, save, scan

pytestmark = pytest.mark.e2e


def test_the_representatives_card_fills_the_proxy_block_and_reaches_the_receipt(
        qtbot, counter, demo_cards):
    page = ready_to_save(qtbot, counter, demo_cards["matched"].payload)
    applicant_id = page.form.text("id_number")
    other = next(c for k, c in demo_cards.items() if k != "matched")
    proxy_id = other.payload.split("|")[0]
    assert proxy_id != applicant_id

    page.proxy.setChecked(True)
    assert page.proxy.expecting_card() and "Đang chờ quét" in page.proxy.hint.text()
    scan(qtbot, counter.window, other.payload)
    qtbot.waitUntil(lambda: page.proxy.inputs["id_number"].text() == proxy_id, timeout=5_000)
    assert page.form.text("id_number") == applicant_id  # the applicant stays who they were
    assert not page.proxy.expecting_card()

    page.save()  # no authorisation paper yet: refused with the reason, nothing sent
    assert "Giấy ủy quyền" in page.save_error.text() or "giấy ủy quyền" in page.save_error.text()
    page.proxy.inputs["authorisation"].setText("Giấy ủy quyền số 12/2026, chứng thực 20/11/2026")
    page.proxy.inputs["phone"].setText("0903111222")
    dossier = save(qtbot, page)

    assert dossier.proxy is not None and dossier.proxy["id_number"] == proxy_id
    printed = page.printing._last[0]  # what went to the printer (printing.documents.receipt)
    assert printed.proxy is not None and printed.proxy.id_number == proxy_id
    assert printed.proxy.authorisation.startswith("Giấy ủy quyền số 12/2026")
    assert printed.applicant_id_number == applicant_id

    api = ApiClient(counter.window.ctx.api.base_url)
    api.login("canbo2", "canbo2")
    stored = api.request("GET", f"/dossiers/{dossier.code}")
    api.close()
    assert stored["proxy"]["phone"] == "0903111222"
    assert stored["applicant"]["id_number"] == applicant_id

    page.new_applicant()
    assert not page.proxy.isChecked() and page.proxy.inputs["id_number"].text() == ""
