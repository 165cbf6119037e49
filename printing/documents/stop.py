"""Form 05: the dossier is no longer resolved, because the citizen withdrew it or because
the law stops it; the reason is said in writing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from counter_app.domain.clock import in_office_time
from printing.layout import Block, KeyValue, Rule, Spacer, Text

from .common import (
    Office,
    demo_office,
    motto_blocks,
    number_line,
    office_blocks,
    signature_row,
    title_blocks,
)

KIND = "stop"
WHY = {"withdrawn": "Công dân, tổ chức xin rút hồ sơ",
       "stopped": "Dừng giải quyết theo quy định của pháp luật"}


@dataclass(frozen=True)
class StopData:
    office: Office
    number: str  # DG-YYMMDD-NNNN
    issued_at: datetime
    dossier_code: str
    procedure_name: str
    applicant_name: str
    applicant_id_number: str
    received_at: datetime
    kind: Literal["withdrawn", "stopped"]
    reason: str
    clerk_name: str
    copy_label: str | None = None

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("a stop states its reason")

    @property
    def job_title(self) -> str:
        return f"Dừng giải quyết {self.dossier_code}"


def stop_layout(data: StopData) -> list[Block]:
    o = data.office
    return [
        *office_blocks(o.parent_name, o.name, o.address, o.hotline),
        number_line(data.number),
        *motto_blocks(o.place, data.issued_at),
        *title_blocks(KIND, data.copy_label),
        KeyValue("Kính gửi", data.applicant_name, bold_value=True),
        KeyValue("Số định danh cá nhân", data.applicant_id_number or "—"),
        KeyValue("Mã hồ sơ", data.dossier_code, bold_value=True),
        KeyValue("Thủ tục", data.procedure_name),
        KeyValue("Ngày tiếp nhận", f"{in_office_time(data.received_at):%d/%m/%Y}"),
        Rule(thickness=1),
        Text(f"Cơ quan thông báo dừng giải quyết hồ sơ nêu trên kể từ ngày "
             f"{in_office_time(data.issued_at):%d/%m/%Y}."),
        KeyValue("Căn cứ", WHY[data.kind], bold_value=True),
        KeyValue("Lý do", data.reason),
        Text("Xin thông báo để ông/bà được biết.", size="small"),
        Spacer(0.5),
        signature_row(("NGƯỜI NỘP HỒ SƠ", data.applicant_name),
                      ("NGƯỜI LẬP THÔNG BÁO", data.clerk_name)),
    ]


def demo_stop() -> StopData:
    return StopData(
        office=demo_office(), number="DG-261203-0001", issued_at=datetime(2026, 12, 3, 10, 0),
        dossier_code="000.00.17.H01-261124-0009",
        procedure_name="Đăng ký kết hôn", applicant_name="Phạm Thị Ngọc Ánh",
        applicant_id_number="001195067890", received_at=datetime(2026, 11, 24, 9, 30),
        kind="withdrawn", reason="Công dân có đơn xin rút hồ sơ để bổ sung giấy tờ của "
                                 "nước ngoài đã được hợp pháp hóa lãnh sự.",
        clerk_name="Trần Văn Bình")
