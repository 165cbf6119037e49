"""Form 01: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", as handed over at the counter.

By default the QR carries only the public tracking URL: the receipt leaves the office in
the applicant's hands, and a QR is read by any phone, so no name, ID or phone goes into it.
An office may choose instead the content Circular 01/2023 art. 26 prescribes (dossier and
procedure codes, the applicant's ID, …), printed at the top: `qr_content` set by the desk
from the office's setting (counter_app/domain/receipt_qr.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from printing.layout import Block, Column, KeyValue, QrCode, Rule, Spacer, Table, Text
from printing.text_vi import hour_minute_date, money_vnd, two_digits

from . import texts
from .common import motto_blocks, number_line, office_blocks, signature_row, title_blocks

KIND = "receipt"
TITLE = texts.form(KIND).title  # kept for callers of the first version; data lives in forms.json
QR_CAPTION = "Quét mã để tra cứu tình trạng hồ sơ"


@dataclass(frozen=True)
class DocumentLine:
    name: str
    originals: int
    copies: int

    def __post_init__(self) -> None:
        if self.originals < 0 or self.copies < 0:
            raise ValueError(f"negative count in {self.name!r}")


@dataclass(frozen=True)
class Proxy:
    """The person filing on the applicant's behalf (form 01's authorised person block)."""

    full_name: str
    id_number: str
    address: str = ""
    phone: str = ""
    email: str = ""
    authorisation: str = ""  # the paper: "Giấy ủy quyền số 12/2026, chứng thực ngày …"


@dataclass(frozen=True)
class ReceiptData:
    office_parent_name: str
    office_name: str
    office_address: str
    office_hotline: str
    dossier_code: str
    copy_label: str | None
    applicant_name: str
    applicant_address: str
    applicant_phone: str | None
    procedure_name: str
    documents: tuple[DocumentLine, ...]
    sets: int
    processing_time_text: str
    fee: int
    received_at: datetime
    due_at: datetime
    result_delivery_text: str
    ledger_no: int
    clerk_name: str
    tracking_url: str
    # Added with the complete form 01; defaults keep older callers working.
    place_name: str = ""  # "Hà Nội" on the date line; empty prints the date alone
    applicant_email: str | None = None
    legal_basis: str | None = None  # None: the template's line from forms.json
    ledger_book: str | None = None  # "quyển số" of the tracking ledger
    # Components digitised at the counter (Circular 01/2023 art. 8), one line each:
    # "Tờ khai CT01: 2 trang, đã ký số"; empty when nothing was digitised yet.
    digitised: tuple[str, ...] = ()
    applicant_id_number: str = ""
    number: str = ""  # the "Số: …" line; the desk passes the book number
    proxy: Proxy | None = None
    # Circular 01/2023 art. 26 content, when the office chose it; None: the tracking URL.
    qr_content: str | None = None

    def __post_init__(self) -> None:
        if self.sets < 1:
            raise ValueError("a dossier has at least one set")
        if self.fee < 0:
            raise ValueError("fee cannot be negative")
        if not self.tracking_url.startswith(("https://", "http://")):
            # Anything else in the QR could be personal data pasted by mistake.
            raise ValueError("tracking_url must be an http(s) URL")

    @property
    def job_title(self) -> str:
        """Title for the print-job list: the dossier code only, no personal data."""
        return f"Giấy tiếp nhận {self.dossier_code}"


def receipt_layout(data: ReceiptData) -> list[Block]:
    blocks: list[Block] = []
    if data.qr_content:  # art. 26: the code stands at the top of the paper
        blocks += [QrCode(data.qr_content, target_fraction=0.35), Spacer(0.3)]
    blocks += [
        *office_blocks(
            data.office_parent_name, data.office_name, data.office_address, data.office_hotline
        ),
        number_line(data.number),
        *motto_blocks(data.place_name, data.received_at),
        *title_blocks(KIND, data.copy_label, data.legal_basis),
        Text("Mã hồ sơ", size="small", align="center"),
        Text(data.dossier_code, size="huge", bold=True, align="center", fit=True),
        Rule(),
        KeyValue("Người nộp hồ sơ", data.applicant_name, bold_value=True),
    ]
    if data.applicant_id_number:
        blocks.append(KeyValue("Số định danh cá nhân", data.applicant_id_number))
    blocks.append(KeyValue("Địa chỉ", data.applicant_address))
    if data.applicant_phone:
        blocks.append(KeyValue("Điện thoại", data.applicant_phone))
    if data.applicant_email:
        blocks.append(KeyValue("Email", data.applicant_email))
    blocks += _proxy_blocks(data.proxy)
    blocks += [
        KeyValue("Thủ tục", data.procedure_name),
        Rule(thickness=1),
        Text("(1) Thành phần hồ sơ đã nhận:", bold=True),
        _documents_table(data),
        *_digitised_blocks(data),
        KeyValue("(2) Số lượng hồ sơ", f"{two_digits(data.sets)} bộ"),
        KeyValue("(3) Thời gian giải quyết", data.processing_time_text),
        KeyValue("(4) Thời gian nhận hồ sơ", hour_minute_date(data.received_at)),
        KeyValue("(5) Thời gian trả kết quả", hour_minute_date(data.due_at), bold_value=True),
        KeyValue("(6) Nơi trả kết quả", data.result_delivery_text),
        Rule(thickness=1),
        KeyValue("Lệ phí", money_vnd(data.fee), bold_value=True),
        _ledger_line(data),
        Spacer(0.5),
        signature_row(
            ("NGƯỜI NỘP HỒ SƠ", data.applicant_name),
            ("NGƯỜI TIẾP NHẬN HỒ SƠ", data.clerk_name),
        ),
    ]
    if not data.qr_content:
        blocks += [Spacer(0.5), QrCode(data.tracking_url),
                   Text(QR_CAPTION, size="small", align="center")]
    return blocks


def _proxy_blocks(proxy: Proxy | None) -> list[Block]:
    if proxy is None:
        return []
    blocks: list[Block] = [Text("Người được ủy quyền nộp hồ sơ:", bold=True),
                           KeyValue("Họ và tên", proxy.full_name, indent=1, bold_value=True),
                           KeyValue("Số định danh cá nhân", proxy.id_number, indent=1)]
    for key, value in (("Địa chỉ", proxy.address), ("Điện thoại", proxy.phone),
                       ("Email", proxy.email), ("Giấy ủy quyền", proxy.authorisation)):
        if value:
            blocks.append(KeyValue(key, value, indent=1))
    return blocks


def _digitised_blocks(data: ReceiptData) -> list[Block]:
    if not data.digitised:
        return []
    return [Text("Thành phần đã số hóa:", bold=True),
            *(Text(f"- {line}", size="small") for line in data.digitised)]


def _ledger_line(data: ReceiptData) -> KeyValue:
    if data.ledger_book:
        return KeyValue(
            "Vào sổ theo dõi hồ sơ", f"quyển số {data.ledger_book}, số thứ tự {data.ledger_no}"
        )
    return KeyValue("Vào sổ theo dõi hồ sơ, số", str(data.ledger_no))


def _documents_table(data: ReceiptData) -> Table:
    return Table(
        columns=(
            Column("TT", weight=0.6, align="center"),
            Column("Tên giấy tờ", weight=5.0),
            Column("Bản chính", weight=1.5, align="center"),
            Column("Bản sao", weight=1.5, align="center"),
        ),
        rows=tuple(
            (str(i), line.name, str(line.originals), str(line.copies))
            for i, line in enumerate(data.documents, start=1)
        ),
    )


def demo_receipt() -> ReceiptData:
    """A realistic filled receipt, for the CLI, tests and benchmarks."""
    return ReceiptData(
        office_parent_name="UBND THÀNH PHỐ HÀ NỘI",
        office_name="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG BA ĐÌNH",
        office_address="Số 25 phố Liễu Giai, phường Ba Đình, Hà Nội",
        office_hotline="1900 1234",
        dossier_code="H01.22-241126-0001",
        copy_label="Liên 2: Giao người nộp hồ sơ",
        applicant_name="Nguyễn Thị Hoa",
        applicant_address="Số 12 ngõ 34 phố Đội Cấn, phường Ngọc Hà, Hà Nội",
        applicant_phone="0912 345 678",
        procedure_name="Đăng ký khai sinh kết hợp đăng ký thường trú và cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        documents=(
            DocumentLine("Tờ khai đăng ký khai sinh", 1, 0),
            DocumentLine("Giấy chứng sinh", 1, 0),
            DocumentLine("Giấy chứng nhận kết hôn của cha, mẹ", 0, 1),
            DocumentLine("Tờ khai thay đổi thông tin cư trú", 1, 0),
        ),
        sets=1,
        processing_time_text="05 ngày làm việc",
        fee=0,
        received_at=datetime(2026, 11, 24, 14, 5),
        due_at=datetime(2026, 12, 1, 14, 5),
        result_delivery_text="Tại Bộ phận Một cửa (quầy số 3) hoặc qua dịch vụ bưu chính công ích",
        ledger_no=1234,
        clerk_name="Trần Văn Bình",
        tracking_url="https://dichvucong.hanoi.gov.vn/tra-cuu?ma=H01.22-241126-0001",
        place_name="Hà Nội",
        applicant_email="hoa.nguyen@example.vn",
        ledger_book="02",
        applicant_id_number="001190012345",
        number="1234/TNHS",
    )
