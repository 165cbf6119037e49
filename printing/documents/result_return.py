"""The slip signed when the result is handed over: who collected it, when, from whom.

The collector's ID number is masked to its last 3 digits: the slip stays with the
collector, and the office's own record holds the full number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.privacy import mask_id_number
from printing.layout import Block, KeyValue, Rule, Spacer
from printing.text_vi import hour_minute_date

from .common import Office, demo_office, motto_blocks, office_blocks, signature_row, title_blocks

KIND = "return"


@dataclass(frozen=True)
class ResultReturnData:
    office: Office
    dossier_code: str
    procedure_name: str
    returned_at: datetime
    collector_name: str
    collector_id_number: str
    clerk_name: str
    result_text: str = ""  # "01 bản chính Giấy khai sinh" …
    copy_label: str | None = None

    @property
    def job_title(self) -> str:
        return f"Trả kết quả {self.dossier_code}"


def result_return_layout(data: ResultReturnData) -> list[Block]:
    o = data.office
    blocks: list[Block] = [
        *office_blocks(o.parent_name, o.name, o.address, o.hotline),
        *motto_blocks(o.place, data.returned_at),
        *title_blocks(KIND, data.copy_label),
        KeyValue("Mã hồ sơ", data.dossier_code, bold_value=True),
        KeyValue("Thủ tục", data.procedure_name),
        KeyValue("Thời gian trả", hour_minute_date(data.returned_at)),
    ]
    if data.result_text:
        blocks.append(KeyValue("Kết quả", data.result_text))
    blocks += [
        Rule(thickness=1),
        KeyValue("Người nhận kết quả", data.collector_name, bold_value=True),
        KeyValue("Số định danh", mask_id_number(data.collector_id_number)),
        KeyValue("Người trả kết quả", data.clerk_name),
        Spacer(0.5),
        signature_row(
            ("NGƯỜI NHẬN KẾT QUẢ", data.collector_name), ("NGƯỜI TRẢ KẾT QUẢ", data.clerk_name)
        ),
    ]
    return blocks


def demo_result_return() -> ResultReturnData:
    return ResultReturnData(
        office=demo_office(),
        dossier_code="H01.22-241126-0001",
        procedure_name="Đăng ký khai sinh",
        returned_at=datetime(2026, 12, 1, 15, 20),
        collector_name="Nguyễn Thị Hoa",
        collector_id_number="001190012345",
        clerk_name="Trần Văn Bình",
        result_text="01 bản chính Giấy khai sinh, 01 thẻ bảo hiểm y tế",
    )
