"""The supervisor's dashboard against the real backend on the hand-computed day
(tests/backend/stats_seed.py): loads a day, switches to a range, exports XLSX and PDF that
hold the numbers on screen; a clerk gets an explanation instead."""

from __future__ import annotations

import pytest

from tests.backend.stats_seed import D_PREV, D, seed
from tests.ui.session import close_window, logged_in_context


@pytest.fixture(scope="module")
def stats_backend(tmp_path_factory):
    from counter_app.embedded import EmbeddedBackend

    data = tmp_path_factory.mktemp("dash")
    seed(data / "backend.sqlite3")
    b = EmbeddedBackend(data, demo=True)
    b.start(timeout=30)
    yield b
    b.stop()


def open_dashboard(qtbot, base_url, tmp_path, username="giamsat"):
    from ui.dashboard.dashboard_window import DashboardWindow

    ctx = logged_in_context(base_url, username, tmp_path)
    window = DashboardWindow(ctx)
    window.show()
    qtbot.waitUntil(lambda: window.loads >= 1, timeout=15_000)
    return window


def close_dashboard(window) -> None:
    close_window(window)


@pytest.fixture
def dashboard(qtbot, stats_backend, tmp_path):
    window = open_dashboard(qtbot, stats_backend.base_url, tmp_path)
    yield window
    close_dashboard(window)


def choose(qtbot, window, first, last):
    loads = window.loads
    window.choose("custom", first, last)
    # The 30 s refresh of "today" may be loading already (a loaded machine): the range asked
    # for then loads right after it, so wait for that range, not for the next load.
    qtbot.waitUntil(lambda: window.loads > loads and not window.loading
                    and not window._queued and window.dashboard is not None
                    and (window.dashboard.first, window.dashboard.last) == (first, last),
                    timeout=15_000)
    assert not window.banner.isVisible(), window.banner.text()


def cells(widget):
    return [[norm(widget.item(r, c).text()) for c in range(widget.columnCount())]
            for r in range(widget.rowCount())]


def norm(value):
    """Screen text or a cell read back from XLSX -> the number it shows (135,0 == 135)."""
    if isinstance(value, int | float):
        return float(value)
    if value is None or value in ("—", ""):
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return value


def test_loads_a_day_then_a_range_and_exports(qtbot, dashboard, tmp_path):
    w = dashboard
    assert w.dashboard is not None and w.preset.currentData() == "today"
    choose(qtbot, w, D, D)
    cards = {c.title.text(): c.value.text() for c in w.cards}
    assert cards["Số đã phát"] == "7" and cards["Đã phục vụ"] == "5"
    assert cards["Vắng mặt"] == "1" and cards["Chờ quá 20 phút"] == "2"
    assert cards["Chờ trung bình (phút)"] == "35,5" and cards["Chờ P90 (phút)"] == "135,0"
    assert cards["Trả kết quả đúng hạn (%)"] == "50,0"
    counters = cells(w.table_widgets["Theo quầy"])
    assert [row[0] for row in counters] == ["Quầy số 1", "Quầy số 2", "Quầy số 3",
                                            "Vé chưa được gọi", "Tổng cộng"]  # T6
    assert counters[0][1:4] == [3, 3, 2] and counters[0][-1] == 7.0  # 421 min idle
    assert "Theo ngày" not in w.table_widgets
    assert w.charts.arrivals.values == [[0, 2, 1, 1, 1, 0, 0, 2, 0, 0, 0]]
    assert sum(w.charts.waiting.values[0]) == 6
    assert w.heatmap.item(4, 1).text() == "2"  # Friday, 8 h

    choose(qtbot, w, D_PREV, D)
    days = cells(w.table_widgets["Theo ngày"])
    assert [(r[0], r[1]) for r in days] == [("19/11/2026", 1), ("20/11/2026", 7),
                                            ("Tổng cộng", 8)]

    xlsx, pdf = tmp_path / "dash.xlsx", tmp_path / "dash.pdf"
    with qtbot.waitSignal(w.sig_exported, timeout=15_000) as sig:
        w.export("xlsx", xlsx)
    assert sig.args == [str(xlsx)]
    with qtbot.waitSignal(w.sig_exported, timeout=15_000) as sig:
        w.export("pdf", pdf)
    assert sig.args == [str(pdf)]

    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    assert wb.sheetnames[0] == "Chỉ số"
    kpi = {row[0]: row[1] for row in wb["Chỉ số"].iter_rows(min_row=3, values_only=True)}
    on_screen = {c.title.text(): norm(c.value.text()) for c in w.cards}
    assert {k: norm(v) for k, v in kpi.items()} == on_screen
    for title, widget in w.table_widgets.items():
        sheet = [[norm(v) for v in row] for row in wb[title[:31]].iter_rows(
            min_row=3, values_only=True)]
        assert sheet == cells(widget), title
    assert kpi["Số đã phát"] == 8 and wb["Theo quầy"]["A2"].value == "Quầy"
    # Directive 24/CT-TTg: the citizens helped to file online have their own section.
    assert cells(w.table_widgets["Hỗ trợ nộp trực tuyến"])[0][:2] == ["Tổng số lượt hỗ trợ", 0]

    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 1
    first_page = reader.pages[0].extract_text()
    assert "Theo quầy" in first_page and "Quầy số 1" in first_page


def test_refreshes_while_today_is_shown(qtbot, dashboard):
    loads = dashboard.loads
    dashboard._on_timer()  # what the 30-second timer does
    qtbot.waitUntil(lambda: dashboard.loads > loads, timeout=15_000)


def test_a_clerk_is_told_why(qtbot, stats_backend, tmp_path):
    w = open_dashboard(qtbot, stats_backend.base_url, tmp_path, "canbo1")
    try:
        assert w.forbidden and w.banner.isVisible() and "Giám sát" in w.banner.text()
        assert not w.xlsx_button.isEnabled() and not w.timer.isActive()
    finally:
        close_dashboard(w)
