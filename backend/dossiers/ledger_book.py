"""Form 07, Sổ theo dõi hồ sơ (Circular 03/2025 Phụ lục I): one book per field (lĩnh
vực) over a period, with the form's columns. CSV and XLSX come from here; the A4 PDF is
printed by the counter from the JSON rows (printing/ is the client's).

The last column is left empty on purpose: the person collecting the result signs there on
the printed book.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend import models
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.spreadsheet import inert

HEADER = ["STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Tên người nộp",
          "Địa chỉ, số điện thoại", "Cơ quan giải quyết", "Nhận hồ sơ", "Hẹn trả kết quả",
          "Ngày trả kết quả", "Hình thức nhận kết quả", "Ký nhận"]
CHANNEL = {"counter": "Trực tiếp tại Bộ phận Một cửa", "post": "Dịch vụ bưu chính"}
MAX_DAYS = 366


@dataclass(frozen=True)
class BookRow:
    no: int
    code: str
    procedure: str
    applicant: str
    address_phone: str
    resolving_agency: str
    received_at: str
    due_at: str
    returned_at: str
    channel: str

    def cells(self) -> list[Any]:
        return [*asdict(self).values(), ""]


def _when(dt: datetime | None) -> str:
    return dt.astimezone(OFFICE_TZ).strftime("%H:%M %d/%m/%Y") if dt else ""


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time(0), tzinfo=OFFICE_TZ).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=OFFICE_TZ).astimezone(UTC)
    return start, end


def books(s: Session, office_id: int, first: date, last: date,
          field: str | None = None) -> dict[str, list[BookRow]]:
    """{field: rows}, numbered from 1 in each book in order of receipt."""
    start, end = _bounds(first, last)
    q = (select(models.Dossier).join(models.Procedure)
         .where(models.Dossier.office_id == office_id, models.Dossier.received_at >= start,
                models.Dossier.received_at < end)
         .order_by(models.Procedure.field, models.Dossier.received_at, models.Dossier.id))
    if field:
        q = q.where(models.Procedure.field == field)
    out: dict[str, list[BookRow]] = {}
    for name, group in groupby(s.scalars(q).unique().all(), key=lambda d: d.procedure.field):
        rows: list[BookRow] = []
        for n, d in enumerate(group, start=1):
            a = d.applicant or {}
            contact = ", ".join(x for x in (str(a.get("address") or ""),
                                            str(a.get("phone") or "")) if x)
            rows.append(BookRow(
                n, d.code, d.procedure.name, str(a.get("full_name") or ""), contact,
                d.office.name, _when(d.received_at),
                _when(d.due_at), _when(d.returned_at),
                CHANNEL.get(d.result_delivery, d.result_delivery)))
        out[name or "Khác"] = rows
    return out


def _clean(row: BookRow) -> list[Any]:
    return [inert(v) for v in row.cells()]


def to_csv(by_field: dict[str, list[BookRow]], title: str) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for field, rows in by_field.items():
        w.writerow([inert(f"{title} — Lĩnh vực: {field}")])
        w.writerow(HEADER)
        w.writerows(_clean(r) for r in rows)
        w.writerow([])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _sheet_name(field: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ , unique in the workbook.
    name = "".join(c for c in field if c not in "[]:*?/\\")[:31] or "Khác"
    base, n = name, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


def to_xlsx(by_field: dict[str, list[BookRow]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.worksheets[0])
    used: set[str] = set()
    for field, rows in (by_field or {"Khác": []}).items():
        ws = wb.create_sheet(_sheet_name(field, used))
        ws.append([inert(f"{title} — Lĩnh vực: {field}")])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append(HEADER)
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            ws.append(_clean(row))
        ws.freeze_panes = "A3"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        for i, name in enumerate(HEADER):
            width = max([len(name)] + [len(str(r.cells()[i])) for r in rows[:200]])
            ws.column_dimensions[get_column_letter(i + 1)].width = min(width + 2, 40)
    wb.properties.title = title
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
