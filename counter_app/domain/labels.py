"""What a clerk, an applicant or a supervisor reads for each status and priority code: one
table each, used by the windows, the printouts and the backend's pages and messages."""

from __future__ import annotations

TICKET_STATUS = {
    "waiting": "Đang chờ",
    "called": "Đang gọi",
    "serving": "Đang phục vụ",
    "done": "Đã xong",
    "no_show": "Vắng mặt",
    "cancelled": "Đã hủy",
}
# The same statuses inside a sentence: "không thể gọi lại phiếu đang ở trạng thái …".
TICKET_STATUS_PHRASE = {
    "waiting": "đang chờ", "called": "đã được gọi", "serving": "đang được phục vụ",
    "done": "đã xong", "no_show": "vắng mặt", "cancelled": "đã hủy",
}

PRIORITY = {
    "elderly": "Người cao tuổi",
    "disability": "Người khuyết tật",
    "pregnant": "Phụ nữ mang thai",
    "child": "Trẻ em dưới 6 tuổi",
    "other": "Người có công, ưu tiên khác",
}
# The second line of the kiosk's priority buttons: who counts, in the applicant's words.
PRIORITY_HINTS = {
    "elderly": "từ 60 tuổi trở lên",
    "child": "hoặc người đi cùng trẻ",
    "other": "thương binh, người có công với cách mạng",
}

DOSSIER_STATUS = {
    "new": "Mới đăng ký",
    "received": "Đã tiếp nhận",
    "not_accepted": "Không được tiếp nhận",
    "processing": "Đang giải quyết",
    "needs_supplement": "Chờ bổ sung hồ sơ",
    "awaiting_fee": "Chờ thực hiện nghĩa vụ tài chính",
    "withdrawn": "Công dân đã rút hồ sơ",
    "stopped": "Đã dừng giải quyết",
    "ready": "Đã có kết quả, chờ trả",
    "returned": "Đã trả kết quả",
}


def label(table: dict[str, str], code: str | None) -> str:
    """The words for a code; an unknown code (a newer backend) is shown as it is."""
    return table.get(code or "", code or "")
