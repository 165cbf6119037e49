"""Dashboard exports (counter_app.desk.exports) without a window: the same Tables the screen
shows become one XLSX sheet each, formulas stay text, and a PDF with the Vietnamese font."""

from __future__ import annotations

from counter_app.client.stats import Table
from counter_app.desk.exports import write_pdf, write_xlsx

HEADING = "Thống kê ngày 04/12/2026"
TABLES = [
    Table("Theo cán bộ", ("Cán bộ", "Tiếp nhận", "Phút TB"),
          (("Nguyễn Văn Một", 3, 12.5), ('=HYPERLINK("http://x","y")', 1, None))),
    Table("Theo cán bộ", ("Cán bộ", "Tiếp nhận", "Phút TB"), (("Trần Thị Hai", 2, 135.0),)),
    Table("Thủ tục: a/b [c]", ("Thủ tục", "Số hồ sơ"), (("Đăng ký khai sinh", 4),)),
]


def test_one_sheet_per_table_with_the_numbers_as_shown(tmp_path):
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "dash.xlsx", HEADING, TABLES)
    wb = load_workbook(path)
    # Excel forbids some characters and repeated names in sheet titles.
    assert wb.sheetnames == ["Theo cán bộ", "Theo cán bộ 2", "Thủ tục- a-b -c-"]
    ws = wb["Theo cán bộ"]
    assert ws["A1"].value == HEADING
    assert [c.value for c in ws[2]] == ["Cán bộ", "Tiếp nhận", "Phút TB"]
    assert [c.value for c in ws[3]] == ["Nguyễn Văn Một", 3, 12.5]
    assert wb["Theo cán bộ 2"]["C3"].value == 135.0


def test_a_name_that_looks_like_a_formula_stays_text(tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(write_xlsx(tmp_path / "dash.xlsx", HEADING, TABLES))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert wb["Theo cán bộ"]["A4"].value == '\'=HYPERLINK("http://x","y")'


def test_the_pdf_is_written_with_every_table(tmp_path):
    path = write_pdf(tmp_path / "dash.pdf", HEADING, TABLES)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"DejaVu" in data  # the bundled font: Vietnamese needs it
