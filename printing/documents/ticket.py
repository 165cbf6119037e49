"""The queue ticket handed out at the kiosk or by staff: the number first, big enough to
read across the lobby, then what the citizen needs while waiting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from printing.layout import Block, Rule, Spacer, Text
from printing.text_vi import clock_date

from . import texts

KIND = "ticket"


@dataclass(frozen=True)
class TicketData:
    office_name: str
    office_hotline: str
    number: str  # "A015": per-service prefix + daily sequence
    service_name: str
    issued_at: datetime
    waiting_ahead: int
    priority_label: str | None = None  # "ƯU TIÊN - Người cao tuổi"; None for a normal ticket
    footer: str = "Vui lòng chờ gọi số. Xin cảm ơn!"

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise ValueError("a ticket needs a number")
        if self.waiting_ahead < 0:
            raise ValueError("waiting_ahead cannot be negative")

    @property
    def job_title(self) -> str:
        return f"Phiếu số {self.number}"


def ticket_layout(data: TicketData) -> list[Block]:
    blocks: list[Block] = [
        Text(data.office_name, bold=True, align="center"),
        Rule(fraction=0.45),
        Text(texts.form(KIND).title, align="center"),
    ]
    if data.priority_label:
        blocks.append(Text(f"★ {data.priority_label} ★", size="large", bold=True, align="center"))
    blocks += [
        Text(data.number, size="giant", bold=True, align="center", fit=True),
        Text(data.service_name, size="large", bold=True, align="center"),
        Spacer(0.3),
        Text(f"Số người chờ trước bạn: {data.waiting_ahead}", align="center"),
        Text(f"Giờ lấy số: {clock_date(data.issued_at)}", size="small", align="center"),
        Rule(thickness=1),
        Text(data.footer, size="small", align="center"),
    ]
    if data.office_hotline:
        blocks.append(Text(f"Đường dây nóng: {data.office_hotline}", size="small", align="center"))
    return blocks


def demo_ticket(priority: bool = False) -> TicketData:
    return TicketData(
        office_name="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG BA ĐÌNH",
        office_hotline="1900 1234",
        number="B007" if priority else "A015",
        service_name="Hộ tịch - Chứng thực",
        issued_at=datetime(2026, 11, 24, 8, 42),
        waiting_ahead=6,
        priority_label="ƯU TIÊN - Người cao tuổi" if priority else None,
    )
