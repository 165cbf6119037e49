"""Form 06: the process control slip. One row per hand-over between units, with the time
and whether the step just finished was early, on time or late against its due time. On
thermal paper each row is a block; on A4 (control_a4_layout) the rows form a table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.clock import in_office_time
from printing.layout import Block, Column, KeyValue, Rule, Spacer, Table, Text
from printing.text_vi import hour_minute_date

from .common import Office, demo_office, motto_blocks, office_blocks, title_blocks

KIND = "control"
RESULT = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}


@dataclass(frozen=True)
class HandOver:
    from_unit: str
    to_unit: str
    at: datetime
    result: str | None  # early | on_time | late; None when the step had no due time
    note: str = ""
    by: str = ""


@dataclass(frozen=True)
class ControlData:
    office: Office
    issued_at: datetime
    dossier_code: str
    procedure_name: str
    resolving_agency: str
    cooperating_units: tuple[str, ...]
    received_at: datetime
    due_at: datetime
    rows: tuple[HandOver, ...]
    copy_label: str | None = None

    @property
    def job_title(self) -> str:
        return f"Phiếu kiểm soát {self.dossier_code}"


def _when(dt: datetime) -> str:
    return f"{in_office_time(dt):%H:%M %d/%m/%Y}"


def _head(data: ControlData) -> list[Block]:
    o = data.office
    return [
        *office_blocks(o.parent_name, o.name, o.address, o.hotline),
        *motto_blocks(o.place, data.issued_at),
        *title_blocks(KIND, data.copy_label),
        KeyValue("Mã hồ sơ", data.dossier_code, bold_value=True),
        KeyValue("Thủ tục", data.procedure_name),
        KeyValue("Cơ quan giải quyết", data.resolving_agency),
        KeyValue("Cơ quan phối hợp", ", ".join(data.cooperating_units) or "Không"),
        KeyValue("Thời gian nhận hồ sơ", hour_minute_date(data.received_at)),
        KeyValue("Thời gian trả kết quả", hour_minute_date(data.due_at), bold_value=True),
        Rule(thickness=1),
    ]


def _empty() -> list[Block]:
    return [Text("Chưa có lần giao, nhận hồ sơ giữa các đơn vị.", size="small")]


def control_layout(data: ControlData) -> list[Block]:
    blocks = _head(data)
    for n, r in enumerate(data.rows, start=1):
        blocks += [
            Text(f"{n}. {r.from_unit} giao cho {r.to_unit}", bold=True),
            KeyValue("Thời gian", _when(r.at), indent=1),
            KeyValue("Kết quả", RESULT.get(r.result or "", "—"), bold_value=True, indent=1),
        ]
        if r.note:
            blocks.append(KeyValue("Ghi chú", r.note, indent=1))
        blocks += [Text("Bên giao ký: ............   Bên nhận ký: ............", size="small",
                        indent=1), Rule(thickness=1, dashed=True)]
    return blocks + (_empty() if not data.rows else []) + [Spacer(0.5)]


def control_a4_layout(data: ControlData) -> list[Block]:
    table = Table(
        columns=(Column("TT", 0.5, "center"), Column("Tên cơ quan, đơn vị", 2.6),
                 Column("Thời gian giao, nhận", 1.6, "center"),
                 Column("Kết quả (trước / đúng / quá hạn)", 1.5, "center"),
                 Column("Ghi chú", 1.6), Column("Bên giao ký", 1.1), Column("Bên nhận ký", 1.1)),
        rows=tuple((str(n), f"Giao: {r.from_unit}\nNhận: {r.to_unit}", _when(r.at),
                    RESULT.get(r.result or "", "—"), r.note, "", "")
                   for n, r in enumerate(data.rows, start=1)))
    return _head(data) + ([table] if data.rows else _empty())


def demo_control() -> ControlData:
    return ControlData(
        office=demo_office(), issued_at=datetime(2026, 12, 3, 16, 0),
        dossier_code="000.00.17.H01-261124-0007",
        procedure_name="Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
        resolving_agency="UBND phường Ba Đình",
        cooperating_units=("Văn phòng đăng ký đất đai Hà Nội",),
        received_at=datetime(2026, 11, 24, 14, 5), due_at=datetime(2026, 12, 11, 14, 5),
        rows=(
            HandOver("Bộ phận Một cửa", "Phòng Kinh tế", datetime(2026, 11, 24, 16, 0),
                     "early", by="Trần Văn Bình"),
            HandOver("Phòng Kinh tế", "Văn phòng đăng ký đất đai Hà Nội",
                     datetime(2026, 11, 28, 10, 30), "on_time", "Xin ý kiến xác minh nguồn gốc"),
            HandOver("Văn phòng đăng ký đất đai Hà Nội", "Phòng Kinh tế",
                     datetime(2026, 12, 3, 15, 0), "late", "Trả lời chậm 2 ngày"),
        ))
