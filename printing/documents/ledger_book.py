"""Form 07: Sổ theo dõi hồ sơ, one book per field (lĩnh vực). Its home is A4 landscape
(ledger_book_a4_layout, a table with the form's columns and an empty "Ký nhận" column to
sign on); the thermal layout prints the same rows as blocks, for an office that keeps
its book on the roll."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from printing.layout import Block, Column, KeyValue, Rule, Spacer, Table, Text

from .common import Office, demo_office, office_blocks, title_blocks

KIND = "ledger_book"


@dataclass(frozen=True)
class BookRow:
    no: int
    code: str
    procedure: str
    applicant: str
    address_phone: str
    resolving_agency: str
    received_at: str  # as written in the book: "14:05 24/11/2026"
    due_at: str
    returned_at: str
    channel: str


@dataclass(frozen=True)
class LedgerBookData:
    office: Office
    field: str
    period: str  # "từ 01/11/2026 đến 30/11/2026"
    printed_at: datetime
    rows: tuple[BookRow, ...]
    copy_label: str | None = None

    @property
    def job_title(self) -> str:
        return f"Sổ theo dõi hồ sơ {self.field}"


def _head(data: LedgerBookData) -> list[Block]:
    o = data.office
    return [
        *office_blocks(o.parent_name, o.name, o.address, o.hotline),
        Spacer(0.3),
        *title_blocks(KIND, data.copy_label),
        Text(f"Lĩnh vực: {data.field}", bold=True, align="center"),
        Text(f"Thời gian: {data.period}", size="small", align="center"),
        Spacer(0.3),
    ]


def ledger_book_a4_layout(data: LedgerBookData) -> list[Block]:
    columns = (Column("STT", 0.7, "center"), Column("Mã hồ sơ", 1.9), Column("Tên TTHC", 2.2),
               Column("Tên người nộp", 1.4), Column("Địa chỉ, số điện thoại", 2.0),
               Column("Cơ quan giải quyết", 1.4), Column("Nhận hồ sơ", 1.1, "center"),
               Column("Hẹn trả kết quả", 1.1, "center"),
               Column("Ngày trả kết quả", 1.1, "center"),
               Column("Hình thức nhận kết quả", 1.3), Column("Ký nhận", 1.0))
    rows = tuple((str(r.no), r.code, r.procedure, r.applicant, r.address_phone,
                  r.resolving_agency, r.received_at, r.due_at, r.returned_at, r.channel, "")
                 for r in data.rows)
    if not rows:
        return [*_head(data), Text("Không có hồ sơ trong thời gian này.", size="small")]
    return [*_head(data), Table(columns=columns, rows=rows)]


def ledger_book_layout(data: LedgerBookData) -> list[Block]:
    blocks = _head(data)
    for r in data.rows:
        blocks += [
            Text(f"{r.no}. {r.code}", bold=True),
            KeyValue("Thủ tục", r.procedure, indent=1),
            KeyValue("Người nộp", r.applicant, indent=1),
            KeyValue("Địa chỉ, điện thoại", r.address_phone, indent=1),
            KeyValue("Cơ quan giải quyết", r.resolving_agency, indent=1),
            KeyValue("Nhận / hẹn trả", f"{r.received_at} / {r.due_at}", indent=1),
            KeyValue("Đã trả", r.returned_at or "—", indent=1),
            KeyValue("Hình thức nhận", r.channel, indent=1),
            Text("Ký nhận: ....................", size="small", indent=1),
            Rule(thickness=1, dashed=True),
        ]
    if not data.rows:
        blocks.append(Text("Không có hồ sơ trong thời gian này.", size="small"))
    return blocks


def demo_ledger_book() -> LedgerBookData:
    return LedgerBookData(
        office=demo_office(), field="Hộ tịch", period="từ 01/11/2026 đến 30/11/2026",
        printed_at=datetime(2026, 12, 1, 8, 0),
        rows=(
            BookRow(1, "000.00.17.H01-261103-0001", "Đăng ký khai sinh", "Nguyễn Thị Hoa",
                    "Số 12 ngõ 34 phố Đội Cấn, phường Ngọc Hà, Hà Nội, 0912345678",
                    "UBND phường Ba Đình", "08:15 03/11/2026", "08:15 04/11/2026",
                    "09:00 04/11/2026", "Trực tiếp tại Bộ phận Một cửa"),
            BookRow(2, "000.00.17.H01-261105-0004", "Đăng ký kết hôn", "Phạm Thị Ngọc Ánh",
                    "Số 3 phố Đội Cấn, phường Ngọc Hà, Hà Nội, 0987654321",
                    "UBND phường Ba Đình", "10:40 05/11/2026", "10:40 10/11/2026", "",
                    "Dịch vụ bưu chính"),
        ))
