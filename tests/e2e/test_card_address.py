"""The card's "Nơi cư trú" may be empty or stale (issue 15 item 8): the clerk sees the
card's address, confirms or types the current one, and the dossier keeps both. An ID
prefix outside the 63 provinces and an expired card are warnings, never refusals (real
window, real backend)."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.client.api import ApiClient
from tests.e2e.test_reception_flow import save, scan

pytestmark = pytest.mark.e2e


def test_a_card_without_residence_keeps_both_addresses(qtbot, counter, demo_cards):
    page = counter.window.reception
    fields = demo_cards["matched"].payload.split("|")
    fields[5] = ""  # "Nơi cư trú" left empty on the card
    with qtbot.waitSignal(page.sig_verified, timeout=10_000) as verified:
        scan(qtbot, counter.window, "|".join(fields))
    assert verified.args[0].outcome == "matched"  # the address is no part of the eID check
    form = page.form
    assert form.text("card_address") == "(thẻ không ghi)" and form.text("address") == ""
    assert form.warnings.isVisibleTo(page) and "không ghi nơi cư trú" in form.warnings.text()
    page.procedures.combo.setCurrentIndex(1)
    page.procedures.check_all()
    assert form.read() is None  # the current address is required
    assert "địa chỉ hiện tại" in form.errors["address"].text().lower()
    form.set_text("address", "Số 8 ngõ 2 phố Hàng Bông, phường Hoàn Kiếm, Hà Nội")
    dossier = save(qtbot, page)

    api = ApiClient(counter.window.ctx.api.base_url)
    api.login("canbo2", "canbo2")
    stored = api.request("GET", f"/dossiers/{dossier.code}")["applicant"]
    api.close()
    assert stored["address"].startswith("Số 8 ngõ 2 phố Hàng Bông")
    assert stored["card_address"] == ""  # the card had none: said, not invented


def test_an_abroad_prefix_and_an_expired_card_are_warnings_only(qtbot):
    from counter_app.domain.cccd import parse_cccd_qr
    from ui.counter.reception.applicant_form import ApplicantForm

    form = ApplicantForm()
    qtbot.addWidget(form)
    card = parse_cccd_qr("840090012345||Trần Văn Bình|15061990|Nam|Xã Cũ, huyện Cũ, tỉnh Hà "
                         "Tây|15062004", today=date(2026, 12, 5))
    form.fill_from_card(card)
    text = form.warnings.text()
    assert "840" in text and "nước ngoài" in text and "hết hạn ngày 15/06/2015" in text
    form.set_text("address", "Số 1 phố Huế, phường Hai Bà Trưng, Hà Nội")
    applicant = form.read()
    assert applicant is not None  # warned, not refused
    assert applicant.card_address == "Xã Cũ, huyện Cũ, tỉnh Hà Tây"
    assert applicant.address.startswith("Số 1 phố Huế")
    form.clear()
    assert not form.warnings.isVisibleTo(form)
    form.set_text("id_number", "840090012345")  # typed by hand: the same warning
    form.read()
    assert "nước ngoài" in form.warnings.text()
