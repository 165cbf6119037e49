"""The clerk's side of a dossier's statutory life (issue 15), against the real backend on
an injected clock: a dossier goes overdue → the due list shows it → form 04 moves the
appointment once and prints → a second extension is refused with the law's reason;
hand-overs make the form 06 trail; a withdrawal prints form 05."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from counter_app.domain.calendar import OFFICE_TZ
from printing.settings import PrinterSettings
from tests.backend.conftest import Api
from tests.backend.dossier_helpers import matched_card, new_dossier
from tests.printing.text_paper import printed_lines

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=OFFICE_TZ)


class Paper:
    """The bytes each job sent, as a file printer would receive them."""

    def __init__(self) -> None:
        self.jobs: list[bytes] = []

    def send(self, data: bytes) -> None:
        self.jobs.append(data)

    def close(self) -> None:
        pass

    def text(self, index: int = -1) -> str:
        return "\n".join(printed_lines(self.jobs[index])[1])


@pytest.fixture
def desk(qtbot, clocked_backend, clock, tmp_path):
    from tests.ui.session import logged_in_context

    clock.set(MONDAY)
    backend = clocked_backend(token_ttl_minutes=60 * 24 * 60, session_max_hours=24 * 60)
    api = Api(backend)
    with api.as_user("canbo1") as clerk:
        card = matched_card(clerk.get("/demo/cards", params={"limit": 10}).json())
        dossiers = [new_dossier(clerk, card) for _ in range(2)]
    ctx = logged_in_context(backend.base_url, "canbo1", tmp_path)
    paper = Paper()
    ctx.receipts.configure(PrinterSettings(text_route="cp1258", paper_mm=80), transport=paper)
    yield ctx, dossiers, paper, clock
    ctx.receipts.close()
    ctx.api.close()


def _accept(qtbot, actions, fill) -> None:
    qtbot.waitUntil(lambda: actions.dialog is not None and actions.dialog.isVisible(),
                    timeout=10_000)
    dialog = actions.dialog
    fill(dialog)
    with qtbot.waitSignal(actions.sig_changed, timeout=10_000):
        dialog.done(QDialog.DialogCode.Accepted)
    actions.dialog = None


def test_overdue_list_form_04_once_then_refused(qtbot, desk):
    from ui.counter.deadlines.due_dialog import DueListDialog

    ctx, dossiers, paper, clock = desk
    late, _ = dossiers
    clock.set(datetime.fromisoformat(late["due_at"]) - timedelta(hours=2))
    dialog = DueListDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: late["code"] in dialog.codes(), timeout=10_000)
    row = dialog.codes().index(late["code"])
    assert dialog.table.item(row, 0).text() == "Sắp đến hạn"
    full_name = late["applicant"]["full_name"]
    assert dialog.table.item(row, 4).text() != full_name  # masked: the next person may see

    dialog.select(late["code"])
    actions = dialog.dossier_actions
    qtbot.waitUntil(lambda: actions.dossier is not None and actions.extend_button.isEnabled(),
                    timeout=10_000)
    qtbot.mouseClick(actions.extend_button, Qt.MouseButton.LeftButton)
    _accept(qtbot, actions, lambda d: d.reason.setPlainText("Chờ ý kiến của Sở Tư pháp"))
    moved = actions.dossier
    assert moved.extensions == 1 and moved.original_due_at is not None
    assert moved.due_at > moved.original_due_at
    qtbot.waitUntil(lambda: len(paper.jobs) == 1, timeout=10_000)
    printed = paper.text()
    assert "PHIẾU XIN LỖI" in printed or "Mẫu số 04" in printed
    assert "Chờ ý kiến của Sở Tư pháp" in printed and moved.code in printed
    assert f"{moved.due_at:%d/%m/%Y}" in printed and "Số: XL-" in printed
    # One extension only: the button says why it is off, and the backend refuses too.
    assert not actions.extend_button.isEnabled()
    assert "một lần" in actions.extend_button.toolTip()
    from counter_app.client.dossier_timeline import TimelineApi
    from counter_app.client.errors import ApiError

    with pytest.raises(ApiError, match="một lần"):
        TimelineApi(ctx.api).extend(moved.code, "Vẫn chờ ý kiến",
                                    moved.due_at + timedelta(days=7))

    clock.set(moved.due_at + timedelta(hours=1))
    dialog.load()
    qtbot.waitUntil(lambda: any(i.code == moved.code and i.state == "overdue"
                                for i in dialog.items), timeout=10_000)
    row = dialog.codes().index(moved.code)
    assert dialog.table.item(row, 0).text() == "Quá hạn"
    assert dialog.table.item(row, 7).text() == "Có"


def test_hand_overs_trail_and_a_withdrawal(qtbot, desk):
    from counter_app.client.dossiers import DossierApi
    from ui.counter.deadlines.actions import DossierActions

    ctx, dossiers, paper, clock = desk
    _, d = dossiers
    actions = DossierActions(ctx)
    qtbot.addWidget(actions)
    actions.set_dossier(DossierApi(ctx.api).by_code(d["code"]))
    clock.set(MONDAY + timedelta(hours=1))
    qtbot.mouseClick(actions.handover_button, Qt.MouseButton.LeftButton)
    _accept(qtbot, actions, lambda h: h.unit.setCurrentText("Phòng Tư pháp"))
    assert actions.dossier.current_unit == "Phòng Tư pháp"
    clock.set(MONDAY + timedelta(hours=3))
    qtbot.mouseClick(actions.handover_button, Qt.MouseButton.LeftButton)
    _accept(qtbot, actions, lambda h: h.unit.setCurrentText("Bộ phận Một cửa"))

    qtbot.mouseClick(actions.control_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: actions.dialog is not None, timeout=10_000)
    control = actions.dialog
    assert control.results() == ["Trước hạn", "Trước hạn"]
    qtbot.mouseClick(control.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(paper.jobs) == 1, timeout=10_000)
    trail = paper.text(0)
    assert "Bộ phận Một cửa giao cho Phòng Tư pháp" in trail
    assert "Phòng Tư pháp giao cho Bộ phận Một cửa" in trail and "Trước hạn" in trail
    control.accept()
    actions.dialog = None

    qtbot.mouseClick(actions.stop_button, Qt.MouseButton.LeftButton)
    _accept(qtbot, actions, lambda s: s.reason.setPlainText("Công dân có đơn xin rút hồ sơ"))
    assert actions.dossier.status == "withdrawn" and actions.dossier.portal_status == 7
    qtbot.waitUntil(lambda: len(paper.jobs) == 2, timeout=10_000)
    notice = paper.text(1)
    assert "Số: DG-" in notice and "Công dân, tổ chức xin rút hồ sơ" in notice
    assert "Công dân có đơn xin rút hồ sơ" in notice and d["code"] in notice
    assert not actions.stop_button.isEnabled() and not actions.handover_button.isEnabled()


def test_form_07_book_saved_as_pdf_and_excel(qtbot, desk, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from ui.counter.ledger_book_dialog import LedgerBookDialog

    ctx, dossiers, _, clock = desk
    dialog = LedgerBookDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.period() == (MONDAY.date().replace(day=1), MONDAY.date())
    qtbot.waitUntil(lambda: dialog.field.count() > 1, timeout=10_000)
    for name in ("so.pdf", "so.xlsx"):
        with qtbot.waitSignal(dialog.sig_saved, timeout=20_000):
            dialog.save_to(tmp_path / name)
    reader = PdfReader(tmp_path / "so.pdf")
    text = " ".join(p.extract_text() for p in reader.pages).replace("\n", " ")
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Mẫu số 07" in text
    assert dossiers[0]["code"].split("-")[-1] in text  # the code may wrap in its cell
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height
    wb = load_workbook(tmp_path / "so.xlsx")
    codes = [row[1].value for ws in wb.worksheets for row in ws.iter_rows(min_row=3)]
    assert {d["code"] for d in dossiers} <= set(codes)
    dialog.first.setDate(dialog.last.date().addDays(1))
    dialog.save_to(tmp_path / "bad.pdf")
    assert "Từ ngày phải trước" in dialog.status.text()
