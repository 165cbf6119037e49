"""Form 04: the agency apologises for a late result and sets the one new appointment
(Decree 118/2025; the appointment may be moved only once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.clock import in_office_time
from printing.layout import Block, KeyValue, Rule, Spacer, Text
from printing.text_vi import hour_minute_date

from .common import (
    Office,
    demo_office,
    motto_blocks,
    number_line,
    office_blocks,
    signature_row,
    title_blocks,
)

KIND = "apology"


@dataclass(frozen=True)
class ApologyData:
    office: Office
    number: str  # XL-YYMMDD-NNNN
    issued_at: datetime
    dossier_code: str
    procedure_name: str
    applicant_name: str
    applicant_id_number: str
    received_at: datetime
    original_due_at: datetime
    new_due_at: datetime
    reason: str
    head_title: str = "THỦ TRƯỞNG CƠ QUAN"
    head_name: str = ""
    copy_label: str | None = None

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("an apology states the reason for the delay")
        if self.new_due_at <= self.original_due_at:
            raise ValueError("the new appointment is later than the first")

    @property
    def job_title(self) -> str:
        return f"Xin lỗi, hẹn lại {self.dossier_code}"


def apology_layout(data: ApologyData) -> list[Block]:
    o = data.office
    return [
        *office_blocks(o.parent_name, o.name, o.address, o.hotline),
        number_line(data.number),
        *motto_blocks(o.place, data.issued_at),
        *title_blocks(KIND, data.copy_label),
        KeyValue("Kính gửi", data.applicant_name, bold_value=True),
        KeyValue("Số định danh cá nhân", data.applicant_id_number or "—"),
        Text(f"Ngày {in_office_time(data.received_at):%d/%m/%Y}, {o.name} tiếp nhận hồ sơ "
             f"đề nghị giải quyết thủ tục hành chính: {data.procedure_name}."),
        KeyValue("Mã hồ sơ", data.dossier_code, bold_value=True),
        KeyValue("Thời gian hẹn trả kết quả", hour_minute_date(data.original_due_at)),
        Rule(thickness=1),
        Text("Tuy nhiên đến nay, cơ quan chưa trả kết quả giải quyết hồ sơ của ông/bà. "
             "Lý do:"),
        Text(data.reason, bold=True, indent=1),
        Text("Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của ông/bà. "
             "Cơ quan xin lỗi ông/bà và hẹn trả kết quả vào:"),
        Text(hour_minute_date(data.new_due_at), size="large", bold=True, align="center"),
        Text("Cơ quan xin thông báo để ông/bà được biết. Rất mong nhận được sự thông cảm "
             "của ông/bà.", size="small"),
        Spacer(0.5),
        signature_row((data.head_title, data.head_name)),
    ]


def demo_apology() -> ApologyData:
    return ApologyData(
        office=demo_office(), number="XL-261203-0002",
        issued_at=datetime(2026, 12, 3, 9, 15),
        dossier_code="000.00.17.H01-261124-0007",
        procedure_name="Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở "
                       "và tài sản khác gắn liền với đất lần đầu",
        applicant_name="Nguyễn Thị Hoa", applicant_id_number="001190012345",
        received_at=datetime(2026, 11, 24, 14, 5),
        original_due_at=datetime(2026, 12, 4, 14, 5),
        new_due_at=datetime(2026, 12, 11, 14, 5),
        reason="Cần xác minh nguồn gốc sử dụng đất với Văn phòng đăng ký đất đai; kết quả "
               "xác minh chưa có trong thời hạn.",
        head_name="Lê Văn Cường",
    )
