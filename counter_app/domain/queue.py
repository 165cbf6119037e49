"""Queue rules: ticket numbers, which transitions are allowed, and the calling order.

Pure functions over plain values, shared by the backend (which enforces them) and the
clients (which may explain them). Reasons are Vietnamese sentences for the clerk.

Calling order. Within a class (normal / priority) tickets go by issue time; a ticket
returned after a no-show or transferred keeps its first issue time, so it goes back near
the front. Between classes the office picks one strategy:
    * strict: every waiting priority ticket before any normal one;
    * interleaved(ratio=N): after N normal tickets one priority ticket, when both wait.
      The "streak" (normal tickets called since the last priority one) carries the rhythm
      over from the calls already made, so the order does not restart on every call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeVar

from counter_app.domain.labels import TICKET_STATUS_PHRASE

PRIORITIES = ("elderly", "disability", "pregnant", "child", "other")
STATUSES = ("waiting", "called", "serving", "done", "no_show", "cancelled")
ACTIVE = ("waiting", "called", "serving")  # still on site, still in somebody's queue
MODES = ("strict", "interleaved")
MAX_RATIO = 10
MAX_NUMBER = 9999

Mode = Literal["strict", "interleaved"]
T = TypeVar("T")
_PREFIX = re.compile(r"[A-Z]{1,2}")


class QueueRuleError(ValueError):
    """A rule of the queue was broken; `code` names which, the message says why."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


# ---- ticket numbers -------------------------------------------------------------------

def validate_prefix(prefix: str) -> str:
    p = prefix.strip().upper()
    if not _PREFIX.fullmatch(p):
        raise QueueRuleError(f"Ký hiệu {prefix!r} không hợp lệ: cần 1-2 chữ cái A-Z (ví dụ A).",
                             code="prefix")
    return p


def validate_band(start: int, end: int, cap: int | None = None) -> None:
    if not 1 <= start <= end <= MAX_NUMBER:
        raise QueueRuleError(f"Dải số phải nằm trong 1-{MAX_NUMBER} và số đầu không lớn hơn "
                             f"số cuối (nhận {start}-{end}).", code="band")
    if cap is not None and cap < 1:
        raise QueueRuleError("Giới hạn số phiếu mỗi ngày phải từ 1 trở lên (hoặc bỏ trống).",
                             code="cap")


def number_width(end: int) -> int:
    return max(3, len(str(end)))


def ticket_number(prefix: str, start: int, end: int, seq: int,
                  cap: int | None = None) -> str:
    """The `seq`-th ticket of the day in a service's band: ("A", 1, 999, 15) -> "A015"."""
    if seq < 1:
        raise QueueRuleError("Số thứ tự phải từ 1.", code="seq")
    if cap is not None and seq > cap:
        raise QueueRuleError(f"Dịch vụ đã cấp đủ {cap} số trong ngày hôm nay.", code="cap")
    value = start + seq - 1
    if value > end:
        raise QueueRuleError(f"Dịch vụ đã hết dải số trong ngày ({prefix}{start}-{prefix}{end}).",
                             code="band")
    return f"{prefix}{value:0{number_width(end)}d}"


# ---- transitions ----------------------------------------------------------------------

ACTION_TEXT = {
    "call": "gọi", "recall": "gọi lại", "start": "bắt đầu phục vụ", "finish": "kết thúc",
    "no_show": "đánh dấu vắng mặt", "return": "đưa lại vào hàng chờ", "transfer": "chuyển",
    "cancel": "hủy",
}
# action -> (statuses it may start from, status it ends in)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "call": (frozenset({"waiting"}), "called"),
    "recall": (frozenset({"called"}), "called"),
    "start": (frozenset({"called"}), "serving"),
    "finish": (frozenset({"serving"}), "done"),
    "no_show": (frozenset({"called"}), "no_show"),
    # A citizen who missed the call and comes back gets his place back (same number).
    "return": (frozenset({"no_show"}), "waiting"),
    "transfer": (frozenset({"waiting", "called", "serving"}), "waiting"),
    # Voiding is for a ticket that never reached the citizen (failed print) or a clerk's
    # mistake; once called it ends as done or no-show, which statistics need.
    "cancel": (frozenset({"waiting", "no_show"}), "cancelled"),
}


def transition(status: str, action: str) -> str:
    """The status after `action`, or QueueRuleError with the reason it is not allowed."""
    if action not in TRANSITIONS:
        raise QueueRuleError(f"Thao tác không xác định: {action}.", code="action")
    allowed, target = TRANSITIONS[action]
    if status not in allowed:
        wanted = ", ".join(TICKET_STATUS_PHRASE[s] for s in sorted(allowed))
        raise QueueRuleError(
            f"Không thể {ACTION_TEXT[action]} phiếu đang ở trạng thái "
            f"“{TICKET_STATUS_PHRASE.get(status, status)}” (chỉ khi phiếu {wanted}).",
            code="status")
    return target


def check_transfer(status: str, service: str, *, to_service: str | None = None,
                   to_counter: int | None = None, current_counter: int | None = None,
                   target_active: bool = True, counter_state: str | None = None) -> None:
    """Transfer to exactly one of a service or a counter, never to where the ticket is."""
    transition(status, "transfer")
    if (to_service is None) == (to_counter is None):
        raise QueueRuleError("Chọn một dịch vụ hoặc một quầy để chuyển phiếu đến.",
                             code="target")
    if to_service is not None:
        if to_service == service:
            raise QueueRuleError("Phiếu đã thuộc dịch vụ này.", code="same_service")
        if not target_active:
            raise QueueRuleError("Dịch vụ nhận chuyển đang tạm ngừng.", code="inactive")
    else:
        if to_counter == current_counter and status != "waiting":
            raise QueueRuleError("Phiếu đang ở chính quầy này.", code="same_counter")
        if counter_state == "closed":
            raise QueueRuleError(f"Quầy số {to_counter} đang đóng.", code="closed")


# ---- calling order --------------------------------------------------------------------

@dataclass(frozen=True)
class Strategy:
    mode: Mode = "strict"
    ratio: int = 2

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise QueueRuleError(f"Cách gọi số {self.mode!r} không hợp lệ (strict hoặc "
                                 "interleaved).", code="mode")
        if isinstance(self.ratio, bool) or not 1 <= self.ratio <= MAX_RATIO:
            raise QueueRuleError(f"Tỉ lệ xen kẽ phải từ 1 đến {MAX_RATIO} (nhận {self.ratio}).",
                                 code="ratio")

    def as_dict(self) -> dict[str, object]:
        return {"mode": self.mode} if self.mode == "strict" else {"mode": self.mode,
                                                                   "ratio": self.ratio}


def _take_priority(has_priority: bool, has_normal: bool, streak: int, s: Strategy) -> bool:
    if not has_priority:
        return False
    if not has_normal or s.mode == "strict":
        return True
    return streak >= s.ratio


def calling_order(items: Iterable[T], strategy: Strategy, *, streak: int = 0,
                  is_priority: Callable[[T], bool], issued_at: Callable[[T], datetime],
                  tiebreak: Callable[[T], object] = lambda _t: 0) -> list[T]:
    """Waiting tickets in the order they will be called (first = next)."""
    items = list(items)

    def key(t: T) -> tuple[datetime, object]:
        return issued_at(t), tiebreak(t)

    prio = sorted((t for t in items if is_priority(t)), key=key)
    normal = sorted((t for t in items if not is_priority(t)), key=key)
    out: list[T] = []
    i = j = 0
    while i < len(prio) or j < len(normal):
        if _take_priority(i < len(prio), j < len(normal), streak, strategy):
            out.append(prio[i])
            i += 1
            streak = 0
        else:
            out.append(normal[j])
            j += 1
            streak += 1
    return out


def waiting_ahead(priority: bool, own_ahead: int, others: int, strategy: Strategy,
                  streak: int = 0) -> int:
    """How many will be called before a ticket, from counts only: `own_ahead` tickets of
    its own class came before it, `others` of the other class wait in all. Closed form of
    the calling order (calling_order), so it costs the same with 10 or 10,000 waiting.

    Interleaved: priority goes first once `ratio` normal tickets were called in a row, so
    the first `max(0, ratio - streak)` calls are normal, then every ratio + 1 calls one
    is priority, for as long as both classes wait."""
    if strategy.mode == "strict":  # every waiting priority ticket goes first
        return own_ahead if priority else own_ahead + others
    ratio = strategy.ratio
    first_gap = max(0, ratio - streak)  # normal calls before the first priority one
    if priority:  # called as priority number own_ahead + 1
        return own_ahead + min(others, first_gap + own_ahead * ratio)
    # called as normal number own_ahead + 1; a priority call precedes normal number
    # first_gap + 1, first_gap + ratio + 1, ...
    slots = own_ahead - first_gap
    return own_ahead + (0 if slots < 0 else min(others, slots // ratio + 1))


def normal_streak(recent_first_calls: Sequence[bool]) -> int:
    """Normal tickets called since the last priority one, from first calls newest first
    (True = that call was a priority ticket)."""
    n = 0
    for was_priority in recent_first_calls:
        if was_priority:
            break
        n += 1
    return n
