"""The dashboard's tables add up on generated days (tests/backend/stats_seed.py), through
the real backend: for each table, every count column summed over its rows equals the
total row, with the tickets a grouping cannot place in a visible row; chart titles are
filled in and the charts hold the same tickets as the totals."""

from __future__ import annotations

import pytest

from tests.backend.stats_seed import GEN_FIRST, GEN_LAST, generate_days
from tests.ui.test_dashboard import choose, close_dashboard, norm, open_dashboard

COUNT_COLUMNS = ("Số phát", "Đã gọi", "Phục vụ", "Vắng mặt", "Hủy", "Chuyển", "Quá mục tiêu")
NOT_GROUPED = {"Theo quầy": "Vé chưa được gọi", "Theo cán bộ": "Vé chưa được gọi",
               "Theo thủ tục": "Vé không có hồ sơ"}


@pytest.fixture(scope="module")
def generated_backend(tmp_path_factory):
    from counter_app.embedded import EmbeddedBackend

    data = tmp_path_factory.mktemp("dash-sums")
    generate_days(data / "backend.sqlite3")
    b = EmbeddedBackend(data, demo=True)
    b.start(timeout=30)
    yield b
    b.stop()


def columns(widget) -> dict[str, list]:
    heads = [widget.horizontalHeaderItem(c).text() for c in range(widget.columnCount())]
    return {h: [norm(widget.item(r, c).text()) for r in range(widget.rowCount())]
            for c, h in enumerate(heads)}


def test_every_table_adds_up_and_says_what_is_not_grouped(qtbot, generated_backend, tmp_path):
    w = open_dashboard(qtbot, generated_backend.base_url, tmp_path)
    try:
        choose(qtbot, w, GEN_FIRST, GEN_LAST)
        tables = {t: columns(wd) for t, wd in w.table_widgets.items() if t.startswith("Theo ")}
        assert set(tables) == {"Theo quầy", "Theo cán bộ", "Theo thủ tục", "Theo ngày"}
        for title, cols in tables.items():
            labels = next(iter(cols.values()))
            assert labels[-1] == "Tổng cộng", title
            for head in COUNT_COLUMNS:
                *rows, total = cols[head]
                assert total > 0 or head == "Hủy", (title, head)
                assert sum(rows) == total, (title, head, rows)
            if title in NOT_GROUPED:
                assert labels[-2] == NOT_GROUPED[title], title
        idle = tables["Theo quầy"]["Nhàn rỗi (giờ)"]
        assert idle[-2] is None  # the tickets never called are no counter
        assert sum(v for v in idle[:-1] if v) == pytest.approx(idle[-1], abs=0.05 * len(idle))
        cases = tables["Theo thủ tục"]
        # The absent and the cancelled never got a dossier: all in that row.
        assert cases["Vắng mặt"][-2] == cases["Vắng mặt"][-1] > 0
        assert cases["Hủy"][-2] == cases["Hủy"][-1] > 0

        main = w.dashboard.main
        waiting_title = w.charts.waiting.chart().title()
        assert "…" not in waiting_title and "..." not in waiting_title
        assert f"{main.totals.waiting.count} vé" in waiting_title
        assert "mỗi cột 5 phút" in waiting_title and "60 phút" in waiting_title
        assert sum(w.charts.waiting.values[0]) == main.totals.waiting.count
        assert sum(w.charts.arrivals.values[0]) == main.totals.issued
        # Counters compared: counters only, not the tickets that never reached one.
        assert w.charts.compare.categories == [b.key for b in main.by if b.key]
        assert len(w.charts.compare.categories) == 5
    finally:
        close_dashboard(w)
