"""A dossier's statuses, one-to-one with the National Public Service Portal's codes 1-10
(Circular 04/2025), and the steps the law allows between them.

Our names predate the portal link; the table below is the only place that ties them to the
portal's numbers, so a push to the portal (and a pull from it) goes through `portal_code` /
`status_from_portal` and nowhere else.

    new ─┬─> received ─┬─> processing ─┬─> ready ──> returned
         │             │       ↑ │     ├─> needs_supplement ─> processing
         └─> not_accepted      │ └─────┴─> awaiting_fee ──> processing | ready
                               └── (back from needs_supplement / awaiting_fee)
    every open status (not ready/returned/not_accepted) ─> withdrawn | stopped
"""

from __future__ import annotations

from typing import Final

# Portal code -> (our status, the portal's own words).
PORTAL: Final[dict[int, tuple[str, str]]] = {
    1: ("new", "Mới đăng ký"),
    2: ("received", "Đã tiếp nhận"),
    3: ("not_accepted", "Không được tiếp nhận"),
    4: ("processing", "Đang xử lý"),
    5: ("needs_supplement", "Yêu cầu bổ sung"),
    6: ("awaiting_fee", "Chờ thực hiện nghĩa vụ tài chính"),
    7: ("withdrawn", "Công dân yêu cầu rút hồ sơ"),
    8: ("stopped", "Dừng xử lý"),
    9: ("ready", "Đã xử lý xong"),
    10: ("returned", "Đã trả kết quả"),
}
STATUSES: Final[tuple[str, ...]] = tuple(s for s, _ in PORTAL.values())
_CODE_OF: Final[dict[str, int]] = {s: code for code, (s, _) in PORTAL.items()}

# A stop ends the dossier without a result: form 05 is printed with its reason.
STOPS: Final[frozenset[str]] = frozenset({"withdrawn", "stopped"})
_STOPPABLE = frozenset({"new", "received", "processing", "needs_supplement", "awaiting_fee"})

NEXT: Final[dict[str, frozenset[str]]] = {
    "new": frozenset({"received", "not_accepted", "withdrawn"}),
    "received": frozenset({"processing"}) | STOPS,
    "processing": frozenset({"needs_supplement", "awaiting_fee", "ready"}) | STOPS,
    "needs_supplement": frozenset({"processing"}) | STOPS,
    "awaiting_fee": frozenset({"processing", "ready"}) | STOPS,
    "ready": frozenset({"returned"}),
    "returned": frozenset(),
    "not_accepted": frozenset(),
    "withdrawn": frozenset(),
    "stopped": frozenset(),
}
FINAL: Final[frozenset[str]] = frozenset(s for s, nxt in NEXT.items() if not nxt)
# Still with the agencies: counts for "due soon / overdue" (a ready result waits for the
# citizen, not for us).
IN_PROGRESS: Final[frozenset[str]] = frozenset(
    {"received", "processing", "needs_supplement", "awaiting_fee"})


class DossierStatusError(ValueError):
    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def portal_code(status: str) -> int:
    try:
        return _CODE_OF[status]
    except KeyError:
        raise DossierStatusError(f"Trạng thái hồ sơ không xác định: {status[:40]!r}.",
                                 code="dossier_status_unknown") from None


def status_from_portal(code: object) -> str:
    if isinstance(code, bool) or not isinstance(code, int) or code not in PORTAL:
        raise DossierStatusError(
            f"Mã trạng thái {str(code)[:20]!r} không có trên Cổng Dịch vụ công quốc gia "
            "(chỉ có các mã từ 1 đến 10).", code="portal_status_unknown")
    return PORTAL[code][0]


def portal_label(status: str) -> str:
    return PORTAL[portal_code(status)][1]


def can_move(current: str, wanted: str) -> bool:
    return wanted in NEXT.get(current, frozenset())


def check_move(current: str, wanted: str, labels: dict[str, str]) -> None:
    """Raise DossierStatusError with the words a clerk reads when the law forbids the step."""
    if wanted not in _CODE_OF:
        raise DossierStatusError(f"Trạng thái hồ sơ không xác định: {wanted[:40]!r}.",
                                 code="dossier_status_unknown")
    if can_move(current, wanted):
        return
    if current in FINAL:
        raise DossierStatusError(
            f"Hồ sơ đã ở trạng thái cuối \"{labels[current]}\"; không đổi được nữa.",
            code="dossier_status_final")
    if wanted in STOPS and current not in _STOPPABLE:
        raise DossierStatusError(
            f"Hồ sơ \"{labels[current]}\" đã có kết quả: không dừng giải quyết được nữa.",
            code="dossier_stop_too_late")
    allowed = ", ".join(f"\"{labels[s]}\"" for s in sorted(NEXT[current]))
    raise DossierStatusError(
        f"Không chuyển được hồ sơ từ \"{labels[current]}\" sang \"{labels[wanted]}\". "
        f"Bước tiếp theo hợp lệ: {allowed}.", code="dossier_transition_illegal")
