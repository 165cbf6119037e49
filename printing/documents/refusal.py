"""Form 03: the office does not accept the dossier, and says why in writing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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

KIND = "refusal"


@dataclass(frozen=True)
class RefusalData:
    office: Office
    issued_at: datetime
    applicant_name: str
    applicant_address: str
    procedure_name: str
    reason: str
    clerk_name: str
    copy_label: str | None = None
    legal_basis: str | None = None
    number: str = ""  # TC-YYMMDD-NNNN
    applicant_id_number: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    dossier_code: str = ""  # an online dossier refused already has one

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("a refusal states its reason")

    @property
    def job_title(self) -> str:
        return f"Từ chối tiếp nhận {in_office_time(self.issued_at):%d/%m %H:%M}"


def refusal_layout(data: RefusalData) -> list[Block]:
    o = data.office
    return [
        *office_blocks(o.parent_name, o.name, o.address, o.hotline),
        number_line(data.number),
        *motto_blocks(o.place, data.issued_at),
        *title_blocks(KIND, data.copy_label, data.legal_basis),
        KeyValue("Tiếp nhận hồ sơ của", data.applicant_name, bold_value=True),
        *_optional("Số định danh cá nhân", data.applicant_id_number),
        KeyValue("Địa chỉ", data.applicant_address),
        *_optional("Điện thoại", data.applicant_phone),
        *_optional("Email", data.applicant_email),
        *_optional("Mã hồ sơ", data.dossier_code),
        KeyValue("Nội dung yêu cầu giải quyết", data.procedure_name),
        Rule(thickness=1),
        Text(
            "Qua xem xét, cơ quan thông báo không tiếp nhận, giải quyết hồ sơ này "
            "với lý do cụ thể như sau:"
        ),
        Text(data.reason, bold=True, indent=1),
        Text("Xin thông báo để ông/bà được biết và thực hiện.", size="small"),
        Spacer(0.5),
        signature_row(
            ("NGƯỜI NỘP HỒ SƠ", data.applicant_name), ("NGƯỜI TIẾP NHẬN HỒ SƠ", data.clerk_name)
        ),
    ]


def _optional(key: str, value: str) -> list[Block]:
    return [KeyValue(key, value)] if value else []


def demo_refusal() -> RefusalData:
    return RefusalData(
        office=demo_office(),
        issued_at=datetime(2026, 11, 24, 10, 30),
        applicant_name="Phạm Thị Ngọc Ánh",
        applicant_address="Số 3 phố Đội Cấn, phường Ngọc Hà, Hà Nội",
        procedure_name="Đăng ký kết hôn có yếu tố nước ngoài",
        reason="Thủ tục thuộc thẩm quyền giải quyết của UBND cấp tỉnh, không thuộc "
        "thẩm quyền tiếp nhận của Trung tâm.",
        clerk_name="Trần Văn Bình",
        number="TC-261124-0003",
        applicant_id_number="001195067890",
        applicant_phone="0987 654 321",
        applicant_email="anh.pham@example.vn",
    )
