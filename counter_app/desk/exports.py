"""Export what the dashboard shows: XLSX (openpyxl, one sheet per table, KPIs first) and
PDF (fpdf2 with the bundled DejaVu font). Both take the same `Table`s the screen fills, so
the numbers are identical. Plain functions: the window runs them through a Task."""

from __future__ import annotations

import io
from pathlib import Path

from counter_app.atomic_file import replace_file
from counter_app.client.stats import Table, text
from counter_app.domain.spreadsheet import inert

SHEET_CHARS = r"[]:*?/\\"


def _sheet_name(title: str, taken: set[str]) -> str:
    name = "".join("-" if ch in SHEET_CHARS else ch for ch in title)[:31]
    base, n = name, 2
    while name in taken:
        name = f"{base[:28]} {n}"
        n += 1
    taken.add(name)
    return name


def write_xlsx(path: Path, heading: str, tables: list[Table]) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    if wb.active is not None:  # a new workbook's empty first sheet
        wb.remove(wb.active)
    taken: set[str] = set()
    for t in tables:
        ws = wb.create_sheet(_sheet_name(t.title, taken))
        ws.append([inert(heading)])
        ws["A1"].font = Font(bold=True)
        ws.append([inert(h) for h in t.headers])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in t.rows:
            ws.append([inert(v) for v in row])
            for cell, value in zip(ws[ws.max_row], row, strict=False):
                if isinstance(value, float):
                    cell.number_format = "0.0"  # 135.0 shows as on screen, not 135
        for i, h in enumerate(t.headers):
            width = max([len(str(h))] + [len(text(r[i])) for r in t.rows])
            ws.column_dimensions[ws.cell(row=2, column=i + 1).column_letter].width = min(
                60, width + 2)
    path = Path(path)
    out = io.BytesIO()
    wb.save(out)
    replace_file(path, out.getvalue())  # whole or not at all
    return path


def write_pdf(path: Path, heading: str, tables: list[Table]) -> Path:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    import resources

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("DejaVu", "", str(resources.font()))
    pdf.add_font("DejaVu", "B", str(resources.font(bold=True)))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 8, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for t in tables:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 7, t.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("DejaVu", "", 7.5)
        first = 55 if len(t.headers) > 4 else 110
        rest = (pdf.epw - first) / max(1, len(t.headers) - 1)
        widths = [first] + [rest] * (len(t.headers) - 1)
        with pdf.table(col_widths=widths, text_align=["LEFT"] + ["RIGHT"] * (
                len(t.headers) - 1), line_height=4.5) as table:
            head = table.row()
            for h in t.headers:
                head.cell(h)
            for row in t.texts():
                r = table.row()
                for value in row:
                    r.cell(value)
    path = Path(path)
    replace_file(path, bytes(pdf.output()))  # whole or not at all
    return path
