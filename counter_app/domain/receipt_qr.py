"""What the QR on the receipt (form 01) carries: an office chooses.

- "tracking" (default): the public status page's link with a random token; no personal
  data, so a receipt lost in the street tells its finder nothing.
- "circular01": the content Circular 01/2023/TT-VPCP art. 26 prescribes for papers
  issued by the system, placed at the top: dossier code, procedure code, the applicant's
  ID number, the document's name, the system, the time issued and the appointment. It
  holds the applicant's ID number: whoever photographs the receipt reads it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal

ReceiptQr = Literal["tracking", "circular01"]
CHOICES: Final[dict[str, str]] = {
    "tracking": "Đường dẫn tra cứu tình trạng hồ sơ (mặc định, không chứa dữ liệu cá nhân)",
    "circular01": "Nội dung theo Điều 26 Thông tư 01/2023/TT-VPCP (có số định danh cá nhân)",
}
TRADE_OFF: Final = (
    "Mặc định, mã QR trên giấy tiếp nhận chỉ chứa đường dẫn tra cứu: người dân quét bằng "
    "điện thoại để xem tình trạng hồ sơ, và ai nhặt được giấy cũng không đọc được dữ liệu cá "
    "nhân. Điều 26 Thông tư 01/2023/TT-VPCP quy định mã QR ở góc trên bên trái giấy tờ do hệ "
    "thống cấp, gồm mã hồ sơ, mã thủ tục, số định danh cá nhân của người nộp, tên giấy tờ, "
    "tên hệ thống, thời gian cấp và ngày hẹn trả: chọn bố cục này thì mọi người chụp được "
    "giấy tiếp nhận đều đọc được số định danh, và mã QR không còn mở trang tra cứu.")
DOCUMENT_NAME: Final = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
SYSTEM_NAME: Final = "Hệ thống thông tin giải quyết TTHC"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")  # the portal's yyyyMMddHHmmss


def art26_content(*, dossier_code: str, procedure_code: str, id_number: str,
                  issued_at: datetime, due_at: datetime,
                  system_name: str = SYSTEM_NAME) -> str:
    """One field per line, labelled, so any phone's reader shows it legibly."""
    return "\n".join((
        f"Mã hồ sơ: {dossier_code}",
        f"Mã thủ tục: {procedure_code}",
        f"Số định danh: {id_number}",
        f"Tên giấy tờ: {DOCUMENT_NAME}",
        f"Hệ thống: {system_name}",
        f"Thời gian cấp: {_stamp(issued_at)}",
        f"Hẹn trả: {_stamp(due_at)}",
    ))
