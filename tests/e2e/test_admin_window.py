"""The admin window against the real embedded backend (demo admin quantri): office
details and queue strategy, services, counters, accounts; validation before and after
sending; a clerk is told plainly that the window is not for him."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from counter_app.client import errors
from counter_app.client.admin import AdminApi
from counter_app.client.api import ApiClient
from counter_app.client.queue import QueueApi
from tests.ui.keyboard import type_text
from tests.ui.session import close_window, logged_in_context

pytestmark = pytest.mark.e2e


def open_admin(qtbot, base_url: str, tmp_path, username: str = "quantri"):
    """An AdminWindow for `username` (password = username, demo), after its first load."""
    from ui.admin.admin_window import AdminWindow

    ctx = logged_in_context(base_url, username, tmp_path)
    window = AdminWindow(ctx)
    window.show()
    qtbot.waitUntil(lambda: window.loads >= 1, timeout=10_000)
    return window


def close_admin(window) -> None:
    close_window(window)


@pytest.fixture
def admin_window(qtbot, backend, tmp_path):
    window = open_admin(qtbot, backend.base_url, tmp_path)
    assert window.snapshot is not None, window.banner.text()
    yield window
    close_admin(window)


@pytest.fixture
def admin_api(backend):
    api = ApiClient(backend.base_url)
    api.login("quantri", "quantri")
    yield AdminApi(api)
    api.close()


def click(qtbot, button) -> None:
    """On the button's left end: a radio button's label takes clicks, its empty width not."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton,
                     pos=QPoint(min(8, button.width() // 2), button.height() // 2))


def saved(tab) -> bool:
    return not tab.busy and tab.status.text().startswith(("Đã", "Chưa"))


def test_office_hotline_and_strategy_reach_the_server(qtbot, backend, admin_window, admin_api):
    w = admin_window
    tab = w.office_tab
    w.tabs.setCurrentWidget(tab)
    tab.edits["hotline"].clear()
    type_text(tab.edits["hotline"], "1900 6868")
    click(qtbot, tab.interleaved)
    tab.ratio.setValue(3)
    assert tab.target.value() == 20
    tab.target.setValue(15)
    assert tab.retention.text() == "Giữ lâu dài"  # nothing is removed until an admin says
    tab.retention.setValue(10)
    # The receipt's QR: the link by default; the trade-off is said where it is chosen.
    assert tab.receipt_qr.currentData() == "tracking"
    hints = [h.text() for h in tab.receipt_fields.findChildren(QLabel, "hint")]
    assert any("đọc được số định danh" in h for h in hints), hints
    tab.receipt_qr.setCurrentIndex(tab.receipt_qr.findData("circular01"))
    loads = w.loads
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: saved(tab), timeout=10_000)
    assert tab.status.text().startswith("Đã lưu"), tab.status.text()
    assert "không cần khởi động lại" in tab.status.text()

    public = ApiClient(backend.base_url)
    try:
        assert public.health().office.hotline == "1900 6868"  # printed on tickets/receipts
    finally:
        public.close()
    office = admin_api.office()
    assert (office.hotline, office.queue_mode, office.queue_ratio) == ("1900 6868",
                                                                       "interleaved", 3)
    assert office.waiting_target_min == 15  # supervisors' "over target" from now on
    assert office.personal_data_years == 10
    assert office.receipt_qr == "circular01"
    # The window reads everything again, and this counter prints the new hotline at once.
    qtbot.waitUntil(lambda: w.loads > loads, timeout=10_000)
    qtbot.waitUntil(lambda: w.ctx.health.office.hotline == "1900 6868", timeout=10_000)
    assert tab.edits["hotline"].text() == "1900 6868" and tab.interleaved.isChecked()

    click(qtbot, tab.save_button)  # nothing changed: nothing sent
    assert tab.status.text() == "Không có thay đổi nào để lưu."

    click(qtbot, tab.strict)
    assert tab.strict.isChecked()
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: saved(tab), timeout=10_000)
    assert admin_api.office().queue_mode == "strict"
    admin_api.update_office({"receipt_qr": "tracking"})  # the module's other tests print


def test_bad_agency_code_is_refused_before_sending(qtbot, admin_window, admin_api):
    tab = admin_window.office_tab
    before = admin_api.office().agency_code
    sent = []
    real = tab.admin.update_office
    tab.admin.update_office = lambda changes: sent.append(changes) or real(changes)
    tab.edits["agency_code"].setText("không hợp lệ")
    click(qtbot, tab.save_button)
    assert "Mã định danh cơ quan" in tab.fields.error_text("agency_code")
    assert tab.edits["agency_code"].property("invalid") is True
    assert "chưa có gì được gửi đi" in tab.status.text()
    # No save was started (a save is busy, its button disabled, until it answers), so
    # nothing can be sent later either.
    assert not tab.busy and tab.save_button.isEnabled()
    assert sent == [] and admin_api.office().agency_code == before

    tab.edits["agency_code"].setText(" 000.00.17.h01 ")  # lower case is normalised
    tab.edits["public_base_url"].setText("motcua.example.vn")
    click(qtbot, tab.save_button)
    assert tab.fields.error_text("agency_code") == ""
    assert "http://" in tab.fields.error_text("public_base_url") and sent == []


def test_add_a_service_and_a_counter_serving_it(qtbot, backend, admin_window, admin_api):
    w = admin_window
    tab = w.services_tab
    w.tabs.setCurrentWidget(tab)
    click(qtbot, tab.new_button)
    type_text(tab.code, "tth")
    type_text(tab.name, "Thử nghiệm quản trị — chứng thực")
    type_text(tab.prefix, "t")
    tab.number_start.setValue(100)
    tab.number_end.setValue(499)
    tab.has_cap.setChecked(True)
    tab.daily_cap.setValue(40)
    assert "T100" in tab.band_hint.text()
    loads = w.loads
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: saved(tab), timeout=10_000)
    assert tab.status.text().startswith("Đã thêm dịch vụ TTH"), tab.status.text()
    qtbot.waitUntil(lambda: w.loads > loads, timeout=10_000)
    assert tab.current is not None and tab.current.code == "TTH" and tab.code.isReadOnly()

    clerk = ApiClient(backend.base_url)
    clerk.login("canbo2", "canbo2")
    try:
        listed = {s.code: s for s in QueueApi(clerk).services()}  # GET /queue/services
        assert listed["TTH"].prefix == "T" and listed["TTH"].daily_cap == 40
        assert listed["TTH"].name == "Thử nghiệm quản trị — chứng thực"

        # A counter that calls the new service.
        ctab = w.counters_tab
        w.tabs.setCurrentWidget(ctab)
        assert "TTH" in ctab.service_boxes
        click(qtbot, ctab.new_button)
        assert ctab.no.value() == 5  # the first free number
        type_text(ctab.name, "Quầy chứng thực")
        ctab.service_boxes["TTH"].setChecked(True)
        loads = w.loads
        click(qtbot, ctab.save_button)
        qtbot.waitUntil(lambda: saved(ctab), timeout=10_000)
        assert ctab.status.text().startswith("Đã thêm Quầy chứng thực"), ctab.status.text()
        qtbot.waitUntil(lambda: w.loads > loads, timeout=10_000)
        counters = {c.no: c for c in QueueApi(clerk).counters()}
        assert counters[5].service_codes == ("TTH",) and counters[5].name == "Quầy chứng thực"
        assert "TTH" in ctab.table.item(ctab.table.currentRow(), 2).text()

        # Edit: counter 5 also calls HT; only the change is sent.
        ctab.service_boxes["HT"].setChecked(True)
        click(qtbot, ctab.save_button)
        qtbot.waitUntil(lambda: saved(ctab), timeout=10_000)
        assert set(admin_api.counters()[-1].service_codes) == {"HT", "TTH"}
    finally:
        clerk.close()


def test_server_refusal_is_shown_next_to_the_field(qtbot, admin_window):
    tab = admin_window.services_tab
    click(qtbot, tab.new_button)
    type_text(tab.code, "TRUNG")
    type_text(tab.name, "Trùng ký hiệu")
    type_text(tab.prefix, "A")  # Hộ tịch already prints A…
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: saved(tab), timeout=10_000)
    assert "Ký hiệu A đang dùng cho dịch vụ HT" in tab.fields.error_text("prefix")
    assert tab.status.text().startswith("Chưa lưu.")

    click(qtbot, tab.new_button)  # checked locally: nothing sent
    type_text(tab.code, "X1")
    type_text(tab.name, "Sai dải")
    type_text(tab.prefix, "X")
    tab.number_start.setValue(50)
    tab.number_end.setValue(10)
    click(qtbot, tab.save_button)
    assert "Dải số" in tab.fields.error_text("number_end")


def test_add_a_clerk_who_then_logs_in_and_reset_the_password(qtbot, backend, admin_window):
    w = admin_window
    tab = w.users_tab
    w.tabs.setCurrentWidget(tab)
    click(qtbot, tab.new_button)
    type_text(tab.username, "canbo9")
    type_text(tab.full_name, "Vũ Thị Ngọc Ánh")
    tab.role.setCurrentIndex(tab.role.findData("clerk"))
    tab.counter.setCurrentIndex(tab.counter.findData(1))
    click(qtbot, tab.save_button)  # no password yet: refused here
    assert "ít nhất 10" in tab.fields.error_text("password")
    click(qtbot, tab.password_holder.findChildren(type(tab.new_button))[0])  # "Tạo ngẫu nhiên"
    password = tab.password.text()
    assert len(password) >= 10
    loads = w.loads
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: saved(tab), timeout=10_000)
    assert tab.status.text().startswith("Đã tạo tài khoản canbo9"), tab.status.text()
    qtbot.waitUntil(lambda: w.loads > loads, timeout=10_000)
    assert tab.notice.isVisible() and tab.notice.password.text() == password
    assert "Chỉ hiện một lần" in tab.notice.text.text()

    person = ApiClient(backend.base_url)
    try:
        session = person.login("canbo9", password)
        assert (session.user.role, session.user.counter_no) == ("clerk", 1)
        assert session.user.full_name == "Vũ Thị Ngọc Ánh"

        # Reset with a typed password: the old one and the old session stop working.
        assert tab.current.username == "canbo9" and tab.reset_button.isVisible()
        click(qtbot, tab.reset_button)
        dialog = tab.password_dialog
        click(qtbot, dialog.typed)
        type_text(dialog.password, "hoa-sua-thom-pho")
        click(qtbot, dialog.ok_button)
        qtbot.waitUntil(lambda: "Đã đặt lại" in tab.status.text(), timeout=10_000)
        assert tab.notice.password.text() == "hoa-sua-thom-pho"
        with pytest.raises(errors.Unauthorized):
            person.me()
        with pytest.raises(errors.Unauthorized):
            person.login("canbo9", password)
        assert person.login("canbo9", "hoa-sua-thom-pho").user.username == "canbo9"
    finally:
        person.close()

    # Locking the account is one tick and one save.
    tab.active.setChecked(False)
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: saved(tab), timeout=10_000)
    row = [tab.table.item(tab.table.currentRow(), c).text() for c in range(5)]
    qtbot.waitUntil(lambda: tab.table.item(tab.table.currentRow(), 4).text() == "Đã khóa",
                    timeout=10_000)
    assert row[0] == "canbo9"


def test_admin_cannot_drop_his_own_role(qtbot, admin_window):
    tab = admin_window.users_tab
    assert tab.select("quantri")
    tab.role.setCurrentIndex(tab.role.findData("clerk"))
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: saved(tab), timeout=10_000)
    assert "quyền quản trị" in tab.fields.error_text("role")


def test_a_clerk_is_told_he_may_not(qtbot, backend, tmp_path):
    window = open_admin(qtbot, backend.base_url, tmp_path, "canbo1")
    try:
        assert window.forbidden and window.banner.isVisible()
        text = window.banner.text()
        assert "Forbidden" in text and "canbo1" in text and "Quản trị" in text
        assert not window.tabs.isEnabled() and window.snapshot is None
    finally:
        close_admin(window)


def test_an_admin_turns_on_the_second_factor_from_the_window(qtbot, backend, admin_window,
                                                             admin_api):
    """Issue 12, item 5: TOTP for an admin account from the admin window (QR + one code),
    after which that account signs in only with a code; turned off again the same way."""
    from datetime import UTC, datetime, timedelta

    import pyotp

    from counter_app.client.errors import SecondFactorNeeded

    password = "Mat-khau-quan-tri-2!"
    admin_api.add_user({"username": "quantri2", "full_name": "Lê Văn Hai", "role": "admin",
                        "counter_no": None, "active": True, "password": password})
    w = admin_window
    tab = w.users_tab
    w.tabs.setCurrentWidget(tab)
    loads = w.loads
    w.reload()
    qtbot.waitUntil(lambda: w.loads > loads, timeout=10_000)
    tab.edit(next(u for u in tab.items if u.username == "quantri2"))
    assert tab.totp_button.isVisible() and tab.totp_button.text() == "Bật xác thực hai bước…"
    click(qtbot, tab.totp_button)
    qtbot.waitUntil(lambda: tab.totp_dialog is not None and tab.totp_dialog.isVisible(),
                    timeout=10_000)
    dialog = tab.totp_dialog
    assert not dialog.qr.pixmap().isNull()  # the phone scans this
    phone = pyotp.TOTP(dialog.secret)
    dialog.code.setText("000000" if phone.now() != "000000" else "111111")
    click(qtbot, dialog.confirm)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)  # a wrong code: told
    dialog.code.setText(phone.now())
    click(qtbot, dialog.confirm)
    qtbot.waitUntil(lambda: "đã bật" in tab.status.text(), timeout=10_000)
    assert tab.current.totp and tab.totp_button.text() == "Tắt xác thực hai bước…"

    person = ApiClient(backend.base_url)
    try:
        with pytest.raises(SecondFactorNeeded):
            person.login("quantri2", password)
        later = phone.at(datetime.now(UTC) + timedelta(seconds=30))  # the next step's code
        assert person.login("quantri2", password, later).user.username == "quantri2"
    finally:
        person.close()

    from PySide6.QtWidgets import QMessageBox

    from tests.ui.message_boxes import MessageBoxes

    boxes = MessageBoxes(QMessageBox.StandardButton.Yes)
    try:
        click(qtbot, tab.totp_button)
        qtbot.waitUntil(lambda: "đã tắt" in tab.status.text(), timeout=10_000)
    finally:
        boxes.stop()
    assert "chỉ cần mật khẩu" in boxes.shown[0][0]
    assert not admin_api.users()[[u.username for u in admin_api.users()].index(
        "quantri2")].totp
