"""Procedures filed online only (Directive 24/CT-TTg, since 01/10/2025; docs/domain.md,
"Online-only procedures"): the counter takes no paper for them, it helps the citizen file
on the National Public Service Portal and records the portal's dossier code.

Shared by the counter (why saving is disabled, the assist dialog's check) and the backend
(the 409 it answers to a paper dossier), so both say the same words."""

from __future__ import annotations

DIRECTIVE = "Chỉ thị 24/CT-TTg"
NOTICE = (f"Thủ tục này chỉ nộp trực tuyến theo {DIRECTIVE} (từ 01/10/2025): Bộ phận Một cửa "
          "không tiếp nhận hồ sơ giấy. Hãy hỗ trợ người dân nộp trên Cổng Dịch vụ công quốc "
          "gia (tài khoản VNeID mức 2) và ghi nhận mã hồ sơ của Cổng.")
PAPER_REFUSED = (f"Thủ tục này chỉ tiếp nhận trực tuyến theo {DIRECTIVE}: không tiếp nhận "
                 "hồ sơ giấy tại quầy. Hãy hỗ trợ người dân nộp trên Cổng Dịch vụ công quốc "
                 "gia và ghi nhận \"Hỗ trợ nộp trực tuyến\".")
ASSIST_LABEL = "Hỗ trợ nộp trực tuyến"
PORTAL_CODE_MAX = 40


def portal_code_problem(text: str) -> str | None:
    """Why `text` cannot be the portal's dossier code, in Vietnamese; None when it can.

    Loose on purpose: the portal's format is the portal's (it has changed before), so only
    what no code has is refused: empty, longer than 40 characters, spaces inside."""
    code = text.strip()
    if not code:
        return "Nhập hoặc quét mã hồ sơ trên Cổng Dịch vụ công."
    if len(code) > PORTAL_CODE_MAX:
        return f"Mã hồ sơ của Cổng dài tối đa {PORTAL_CODE_MAX} ký tự."
    if any(ch.isspace() for ch in code):
        return "Mã hồ sơ của Cổng không có khoảng trắng."
    return None
