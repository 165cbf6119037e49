"""A refusal of the queue, with the status code and the Vietnamese sentence to answer."""

from __future__ import annotations

from counter_app.domain.queue import QueueRuleError


class QueueError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail

    @classmethod
    def rule(cls, exc: QueueRuleError) -> QueueError:
        return cls(409, str(exc))


NO_TICKET = "Không tìm thấy phiếu thứ tự này."
KEY_REUSED = ("Mã chống gửi trùng (Idempotency-Key) này đã được dùng cho một phiếu khác với "
              "nội dung khác. Hãy lấy số mới với mã mới.")


def no_counter(no: int) -> QueueError:
    return QueueError(404, f"Không có quầy số {no}.")


def no_service(code: str) -> QueueError:
    return QueueError(422, f"Không có dịch vụ mã {code[:20]!r} tại cơ quan.")
