"""The admin's calendar dialog against a real backend: each day of the official 2026
table says where it came from, "Nhập lịch nghỉ năm…" imports a good file and refuses a bad
one naming the line (nothing imported), and the Saturday reception session is saved."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.calendar import OFFICE_TZ


def test_official_days_import_and_saturday_reception(qtbot, clock, clocked_backend, tmp_path):
    from tests.ui.session import logged_in_context
    from ui.admin.calendar_dialog import CalendarDialog

    clock.set(datetime(2026, 3, 6, 10, 0, tzinfo=OFFICE_TZ))
    ctx = logged_in_context(clocked_backend().base_url, "quantri", tmp_path)
    dialog = CalendarDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)

    box = dialog.official
    lines = [box.days.item(i).text() for i in range(box.days.count())]
    assert "Thứ Sáu, 02/01/2026: nghỉ — Nghỉ bù (Công văn 12729/VPCP-KGVX)" in lines
    assert "Thứ Bảy, 10/01/2026: làm việc — Làm bù (Công văn 12729/VPCP-KGVX)" in lines
    assert "lịch chính thức năm 2026 (có sẵn)" in box.origin.text().lower()

    box.year.setValue(2027)
    assert "Chưa có lịch chính thức năm 2027" in box.origin.text()
    bad = tmp_path / "2027-sai.csv"
    bad.write_text("date,kind,name,source\n2027-01-01,day_off,Tết,CV 1\n"
                   "2027-01-02,nghi,Làm bù,CV 1\n", encoding="utf-8")
    box.import_file(str(bad))
    qtbot.waitUntil(lambda: "Dòng 3" in box.message.text(), timeout=10_000)
    assert "Chưa có ngày nào được nhập" in box.message.text()
    assert box.days.count() == 0

    good = tmp_path / "2027.csv"
    good.write_text("date,kind,name,source\n01/01/2027,day_off,Tết Dương lịch,CV 1/VPCP\n"
                    "02/01/2027,make_up_working_day,Làm bù,CV 1/VPCP\n", encoding="utf-8")
    with qtbot.waitSignal(box.sig_imported, timeout=10_000):
        box.import_file(str(good))
    assert [box.days.item(i).text() for i in range(box.days.count())] == [
        "Thứ Sáu, 01/01/2027: nghỉ — Tết Dương lịch (CV 1/VPCP)",
        "Thứ Bảy, 02/01/2027: làm việc — Làm bù (CV 1/VPCP)"]
    assert box.message.text() == ""

    dialog.saturday.setChecked(True)
    with qtbot.waitSignal(dialog.sig_saved, timeout=10_000) as saved:
        dialog.save()
    overrides = saved.args[0]
    assert [(w, f"{a:%H:%M}", f"{b:%H:%M}") for w, a, b in overrides.reception_sessions] == [
        (5, "07:30", "11:30")]
    assert 2027 in [t["year"] for t in overrides.official]  # the import survived the save
    calendar = overrides.working_calendar()
    assert calendar.is_open(datetime(2026, 3, 7, 9, 0, tzinfo=OFFICE_TZ))
    assert not calendar.is_working_day(datetime(2026, 3, 7).date())
