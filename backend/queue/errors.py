"""The queue's refusals that more than one module gives, as DomainError (backend/errors.py)."""

from __future__ import annotations

from backend.errors import DomainError
from counter_app.domain.queue import QueueRuleError

NO_TICKET = "Không tìm thấy phiếu thứ tự này."
KEY_REUSED = ("Mã chống gửi trùng (Idempotency-Key) này đã được dùng cho một phiếu khác với "
              "nội dung khác. Hãy lấy số mới với mã mới.")


def rule(exc: QueueRuleError) -> DomainError:
    """A move the queue's pure rules forbid (counter_app/domain/queue.py) is a conflict."""
    return DomainError(409, "queue_rule", str(exc))


def no_counter(no: int) -> DomainError:
    return DomainError(404, "counter_unknown", f"Không có quầy số {no}.")


def no_service(code: str) -> DomainError:
    return DomainError(422, "service_unknown", f"Không có dịch vụ mã {code[:20]!r} tại cơ quan.")
