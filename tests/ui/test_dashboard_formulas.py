"""The statistics XLSX export never writes a live formula (issue 12, item 11): a clerk's
name and a procedure's name crafted as `=HYPERLINK(...)` reach the workbook as text, from
the real backend through the real dashboard window, as the ledger export already did."""

from __future__ import annotations

import sqlite3

import pytest

from tests.backend.stats_seed import D, seed
from tests.ui.test_dashboard import choose, close_dashboard, open_dashboard

LINK = '=HYPERLINK("http://evil.example/x","Bấm vào đây")'
SUM = "+1+2"


@pytest.fixture(scope="module")
def crafted_backend(tmp_path_factory):
    from counter_app.embedded import EmbeddedBackend

    data = tmp_path_factory.mktemp("dash-formulas")
    seed(data / "backend.sqlite3")
    with sqlite3.connect(data / "backend.sqlite3") as con:
        con.execute("UPDATE users SET full_name = ? WHERE username = 'canbo1'", (LINK,))
        con.execute("UPDATE procedures SET name = ? WHERE code IN (SELECT procedure_code "
                    "FROM dossiers LIMIT 1)", (SUM,))
    b = EmbeddedBackend(data, demo=True)
    b.start(timeout=30)
    yield b
    b.stop()


def test_crafted_names_reach_the_workbook_as_text(qtbot, crafted_backend, tmp_path):
    from openpyxl import load_workbook

    w = open_dashboard(qtbot, crafted_backend.base_url, tmp_path)
    try:
        choose(qtbot, w, D, D)
        shown = [w.table_widgets["Theo cán bộ"].item(r, 0).text()
                 for r in range(w.table_widgets["Theo cán bộ"].rowCount())]
        assert LINK in shown  # the screen shows the name as it is
        xlsx = tmp_path / "dash.xlsx"
        with qtbot.waitSignal(w.sig_exported, timeout=15_000):
            w.export("xlsx", xlsx)
    finally:
        close_dashboard(w)
    wb = load_workbook(xlsx)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'" + LINK in texts and "'" + SUM in texts
