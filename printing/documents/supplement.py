"""Form 02: asking the applicant to add or correct documents before the dossier is taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.clock import in_office_time
from printing.layout import Block, Column, KeyValue, Rule, Spacer, Table, Text

from .common import (
    Office,
    demo_office,
    motto_blocks,
    number_line,
    office_blocks,
    signature_row,
    title_blocks,
)

KIND = "supplement"


@dataclass(frozen=True)
class SupplementItem:
    name: str
    originals: int = 0
    certified_copies: int = 0
    copies: int = 0
    problem: str = "Thiếu"  # "Thiếu", "Sai thông tin", "Hết hạn" …

    def __post_init__(self) -> None:
        if min(self.originals, self.certified_copies, self.copies) < 0:
            raise ValueError(f"negative count in {self.name!r}")


@dataclass(frozen=True)
class SupplementData:
    office: Office
    issued_at: datetime
    applicant_name: str
    applicant_address: str
    procedure_name: str
    items: tuple[SupplementItem, ...]
    reason: str
    contact_name: str
    contact_phone: str
    clerk_name: str
    dossier_code: str | None = None
    copy_label: str | None = None
    legal_basis: str | None = None
    number: str = ""  # BS-YYMMDD-NNNN

    def __post_init__(self) -> None:
        if not self.items:
            raise ValueError("a supplement request lists at least one document")

    @property
    def job_title(self) -> str:
        return f"Yêu cầu bổ sung {self.dossier_code or f'{in_office_time(self.issued_at):%d/%m %H:%M}'}"


def supplement_layout(data: SupplementData) -> list[Block]:
    o = data.office
    blocks: list[Block] = [
        *office_blocks(o.parent_name, o.name, o.address, o.hotline),
        number_line(data.number),
        *motto_blocks(o.place, data.issued_at),
        *title_blocks(KIND, data.copy_label, data.legal_basis),
    ]
    if data.dossier_code:
        blocks.append(KeyValue("Mã hồ sơ", data.dossier_code, bold_value=True))
    blocks += [
        KeyValue("Hồ sơ của", data.applicant_name, bold_value=True),
        KeyValue("Địa chỉ", data.applicant_address),
        KeyValue("Nội dung yêu cầu giải quyết", data.procedure_name),
        Rule(thickness=1),
        Text("Đề nghị bổ sung, hoàn thiện các giấy tờ sau:", bold=True),
        Table(
            columns=(
                Column("TT", weight=0.6, align="center"),
                Column("Giấy tờ", weight=4.0),
                Column("Bản chính", weight=1.3, align="center"),
                Column("Bản sao CT", weight=1.3, align="center"),
                Column("Bản sao", weight=1.3, align="center"),
            ),
            rows=tuple(
                (
                    str(i),
                    f"{item.name} ({item.problem})" if item.problem else item.name,
                    str(item.originals),
                    str(item.certified_copies),
                    str(item.copies),
                )
                for i, item in enumerate(data.items, start=1)
            ),
        ),
        Text("(CT: chứng thực)", size="small"),
        KeyValue("Lý do", data.reason),
        Text(
            "Nếu có vướng mắc trong quá trình hoàn thiện hồ sơ, xin liên hệ "
            f"{data.contact_name}, số điện thoại {data.contact_phone} để được hướng dẫn.",
            size="small",
        ),
        Spacer(0.5),
        signature_row(("NGƯỜI NỘP HỒ SƠ", data.applicant_name), ("NGƯỜI HƯỚNG DẪN", data.clerk_name)),
    ]
    return blocks


def demo_supplement() -> SupplementData:
    return SupplementData(
        office=demo_office(),
        issued_at=datetime(2026, 11, 24, 9, 15),
        applicant_name="Lê Văn Đức",
        applicant_address="Số 8 ngõ 2 phố Kim Mã, phường Giảng Võ, Hà Nội",
        procedure_name="Cấp bản sao trích lục hộ tịch",
        items=(
            SupplementItem("Tờ khai cấp bản sao trích lục hộ tịch", originals=1, problem="Thiếu"),
            SupplementItem("Giấy ủy quyền", certified_copies=1, problem="Sai thông tin người nhận"),
            SupplementItem("Căn cước công dân của người được ủy quyền", copies=1),
        ),
        reason="Hồ sơ chưa đủ thành phần theo quy định của thủ tục.",
        contact_name="Trần Văn Bình",
        contact_phone="024 3734 5678",
        clerk_name="Trần Văn Bình",
        dossier_code="H01.22-241126-0002",
        copy_label=None,
    )
