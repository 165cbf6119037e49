"""The Idempotency-Key header every creating request carries: checked the same way by the
routes and by the ticket fast path (backend/queue/fast_issue.py)."""

from __future__ import annotations

from fastapi import HTTPException

BAD_KEY = ("Thiếu hoặc sai tiêu đề Idempotency-Key (8-100 ký tự ASCII, không có khoảng trắng). "
           "Ứng dụng phải gửi kèm mã này để không tạo trùng khi gửi lại.")
_KEY_CHARS = frozenset(chr(c) for c in range(0x21, 0x7F))  # visible ASCII


def check_key(key: str | None) -> str:
    if key is None or not 8 <= len(key) <= 100 or not set(key) <= _KEY_CHARS:
        raise HTTPException(400, BAD_KEY)
    return key
