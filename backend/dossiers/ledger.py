"""The day's tracking book (sổ theo dõi hồ sơ) as CSV (UTF-8 with BOM, for Excel on
Windows) and XLSX: one row per dossier received that office-local day, then the day's
supplement requests and refusals (a second section in CSV, a second sheet in XLSX).

Cells are text as printed in the paper book (times as `HH:MM dd/mm/yyyy`), except the
ledger number and the document count. A text cell starting with = + - @ gets a leading
apostrophe: spreadsheet programs would run it as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import models
from backend.dossiers.lifecycle import LABELS
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.spreadsheet import inert

DOSSIER_HEADER = ["Số thứ tự", "Mã hồ sơ", "Tiếp nhận lúc", "Người nộp", "Địa chỉ",
                  "Thủ tục", "Số giấy tờ", "Hẹn trả", "Trạng thái", "Trả kết quả lúc",
                  "Cán bộ tiếp nhận"]
FORM_HEADER = ["Số phiếu", "Loại", "Lập lúc", "Người nộp", "Thủ tục", "Lý do", "Cán bộ"]
FORM_TITLE = "Phiếu yêu cầu bổ sung và phiếu từ chối"
DOSSIER_SHEET, FORM_SHEET = "Sổ theo dõi hồ sơ", "Bổ sung - Từ chối"
KIND = {"BS": "Yêu cầu bổ sung (mẫu 02)", "TC": "Từ chối tiếp nhận (mẫu 03)"}


def _when(dt: datetime | None) -> str:
    return dt.astimezone(OFFICE_TZ).strftime("%H:%M %d/%m/%Y") if dt else ""


def _safe(value: Any) -> Any:
    return inert(value)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=OFFICE_TZ).astimezone(UTC)
    return start, start + timedelta(days=1)


def dossier_rows(s: Session, office_id: int, day: date) -> list[list[Any]]:
    start, end = _day_bounds(day)
    rows = s.scalars(select(models.Dossier).where(
        models.Dossier.office_id == office_id, models.Dossier.received_at >= start,
        models.Dossier.received_at < end).order_by(models.Dossier.ledger_no)).all()
    return [[d.ledger_no, d.code, _when(d.received_at), d.applicant.get("full_name", ""),
             d.applicant.get("address", ""), d.procedure.name,
             sum(int(x.get("originals", 0)) + int(x.get("copies", 0)) for x in d.documents),
             _when(d.due_at), LABELS.get(d.status, d.status), _when(d.returned_at),
             d.received_by.full_name] for d in rows]


UNUSED = "Số đã cấp trước, không sử dụng"


def with_gaps(rows: list[list[Any]], gaps: list[tuple[int, str]]) -> list[list[Any]]:
    """The book's rows with leased numbers nobody used (issue 7), in number order: the
    book shows why those numbers are missing."""
    blank = [""] * (len(DOSSIER_HEADER) - 2)
    blank[DOSSIER_HEADER.index("Trạng thái") - 2] = UNUSED
    return sorted(rows + [[n, code, *blank] for n, code in gaps], key=lambda r: r[0])


def form_rows(s: Session, office_id: int, day: date) -> list[list[Any]]:
    rows = s.scalars(select(models.FormRecord).where(
        models.FormRecord.office_id == office_id, models.FormRecord.day == day)
        .order_by(models.FormRecord.kind, models.FormRecord.seq)).all()
    return [[r.number, KIND.get(r.kind, r.kind), _when(r.created_at),
             r.applicant.get("full_name", ""), r.procedure.name,
             r.reason or "; ".join(m.get("name", "") for m in r.missing),
             r.created_by.full_name] for r in rows]


def _clean(rows: list[list[Any]]) -> list[list[Any]]:
    return [[_safe(v) for v in row] for row in rows]


def to_csv(dossiers: list[list[Any]], forms: list[list[Any]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(DOSSIER_HEADER)
    w.writerows(_clean(dossiers))
    w.writerow([])
    w.writerow([FORM_TITLE])
    w.writerow(FORM_HEADER)
    w.writerows(_clean(forms))
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def to_xlsx(dossiers: list[list[Any]], forms: list[list[Any]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the default sheet is typed loosely; make both alike
    sheets = ((wb.create_sheet(), DOSSIER_SHEET, DOSSIER_HEADER, dossiers),
              (wb.create_sheet(), FORM_SHEET, FORM_HEADER, forms))
    for ws, name, header, rows in sheets:
        ws.title = name
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in _clean(rows):
            ws.append(row)
        ws.freeze_panes = "A2"
        for i, _ in enumerate(header):
            width = max([len(str(header[i]))] + [len(str(r[i])) for r in rows[:200]])
            ws.column_dimensions[get_column_letter(i + 1)].width = min(width + 2, 60)
    wb.properties.title = title
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
