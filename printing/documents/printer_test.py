"""The printer test page: every Vietnamese letter in both cases, the route and code page
in use, each text size, a small table and a QR, so one sheet shows whether this printer
and these settings print Vietnamese right."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from printing.layout import Block, Column, KeyValue, QrCode, Rule, Spacer, Table, Text
from printing.text_vi import clock_date

KIND = "test"

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc huyền hỏi ngã nặng
_CONSONANTS = "bcdđghklmnpqrstvx"


def vietnamese_letters() -> list[str]:
    """Lower-case letters, one line per vowel with its five tones, then the consonants."""
    lines = ["".join(unicodedata.normalize("NFC", v + t) for t in _TONES) for v in _VOWELS]
    return [*lines, _CONSONANTS]


@dataclass(frozen=True)
class SamplePageData:
    printer_name: str
    route_label: str  # "Ảnh raster", "TCVN-3", "CP1258"
    code_page: str  # "ESC t 52 (CP1258)", "không dùng (in ảnh)"
    width_dots: int
    columns: int
    printed_at: datetime
    qr_url: str = "https://dichvucong.gov.vn/tra-cuu?ma=TEST-000000-0000"

    @property
    def job_title(self) -> str:
        return "Trang in thử"


def printer_test_layout(data: SamplePageData) -> list[Block]:
    letters = vietnamese_letters()
    blocks: list[Block] = [
        Text("TRANG IN THỬ", size="large", bold=True, align="center"),
        Text(clock_date(data.printed_at), size="small", align="center"),
        Rule(),
        KeyValue("Máy in", data.printer_name),
        KeyValue("Cách in chữ", data.route_label),
        KeyValue("Bảng mã", data.code_page),
        KeyValue("Khổ in", f"{data.width_dots} điểm, {data.columns} cột"),
        Rule(thickness=1),
        Text("Chữ thường:", bold=True),
        *(Text(" ".join(line), indent=1) for line in letters),
        Text("Chữ hoa:", bold=True),
        *(Text(" ".join(line.upper()), indent=1) for line in letters),
        # Capitals without tone marks: in TCVN-3 these are text, the toned ones pictures.
        Text("A Ă Â E Ê I O Ô Ơ U Ư Y Đ", indent=1),
        Text("0123456789 .,;:!?()/-+%\"'", indent=1),
        Rule(thickness=1),
        Text("Cỡ nhỏ: Nguyễn Thị Hoa", size="small"),
        Text("Cỡ thường: Nguyễn Thị Hoa"),
        Text("Cỡ lớn: Nguyễn Thị Hoa", size="large", bold=True),
        Text("Cỡ rất lớn", size="huge", bold=True, fit=True),
        Table(
            columns=(Column("TT", 0.6, "center"), Column("Giấy tờ", 4), Column("SL", 1, "right")),
            rows=(("1", "Tờ khai đăng ký khai sinh", "01"), ("2", "Giấy chứng sinh", "01")),
        ),
        Spacer(0.5),
        QrCode(data.qr_url),
        Text("Mã QR phải quét được bằng điện thoại", size="small", align="center"),
    ]
    return blocks


def demo_printer_test(route_label: str = "Ảnh raster", code_page: str = "không dùng (in ảnh)",
                   width_dots: int = 576, columns: int = 48) -> SamplePageData:
    return SamplePageData(
        printer_name="Máy in biên nhận (quầy 3)",
        route_label=route_label,
        code_page=code_page,
        width_dots=width_dots,
        columns=columns,
        printed_at=datetime(2026, 11, 24, 8, 0),
    )
