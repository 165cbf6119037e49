"""Replay the outbox to the backend, strictly in `seq` order, each row with its original
idempotency key and its exact bytes (the backend answers a repeat with the first result).

Per answer:
- 2xx: confirmed, the row is purged;
- Unreachable / Timeout: stop, nothing changes, try again later (`Backoff`);
- 5xx: stop and try later; after MAX_SERVER_ERRORS tries the row becomes a conflict so one
  broken row cannot hold the queue forever;
- 401: stop (the session expired); rows wait for the next sign-in;
- any other refusal (409, 422, 403, 404…): the row becomes `conflict` with the backend's
  Vietnamese detail, never dropped, and the queue goes on: every row is a self-contained
  write (a dossier received offline depends on no other row).
A row this PC cannot decrypt is skipped and kept (counted as unreadable, never as a
refusal); while the key itself cannot be read the pass stops, every row kept.

Rows belong to the user whose lease they use, so a pass only sends the signed-in user's.
No Qt: the counter window, a script and the tests drive it alike.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from counter_app.client import errors
from counter_app.client.json_values import is_object, obj
from counter_app.client.outbox import Outbox, Row
from counter_app.client.outbox_key import KeyUnreadable, UnreadableBody

if TYPE_CHECKING:  # at run time it comes in with the caller's ApiClient
    from counter_app.client.api import ApiClient

log = logging.getLogger(__name__)

MAX_SERVER_ERRORS = 5
UNREADABLE = ("Máy này không giải mã được nội dung hồ sơ {code}: hồ sơ được mã hóa bằng một "
              "khóa không còn trên máy (không phải máy chủ từ chối). Hồ sơ chưa lên máy chủ; "
              "nhập lại hồ sơ theo bản biên nhận lưu tại cơ quan rồi đánh dấu đã xử lý.")
OTHER_BACKEND = ("Hồ sơ {code} được đánh số bằng số cấp trước của một máy chủ khác (cơ sở dữ "
                 "liệu khác) với máy chủ đang kết nối. Hồ sơ được giữ trên máy, không gửi sang "
                 "máy chủ này để không trùng số; hồ sơ tự gửi khi máy kết nối lại máy chủ đã "
                 "cấp số. Báo quản trị viên nếu máy chủ đó không còn.")
SERVER_GAVE_UP = ("Máy chủ báo lỗi {times} lần liên tiếp khi nhận hồ sơ này ({detail}). "
                  "Bấm Gửi lại khi quản trị viên đã khắc phục.")


@dataclass
class SyncResult:
    sent: list[str] = field(default_factory=list[str])  # codes (or kinds) confirmed this pass
    conflicts: list[str] = field(default_factory=list[str])
    unreadable: list[str] = field(default_factory=list[str])  # this PC cannot decrypt them
    held: list[str] = field(default_factory=list[str])  # numbered by another backend database
    stopped: str | None = None  # offline | unauthorized | server | busy | in_flight | key
    message: str = ""

    @property
    def reached_backend(self) -> bool:
        return self.stopped not in ("offline", "busy", "key")


class Backoff:
    """5 s, 10 s, 20 s … up to 5 min between tries while the backend stays away, with a
    little jitter so counters that lost the same server do not all come back at once."""

    def __init__(self, base: float = 5.0, cap: float = 300.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.base, self.cap, self.clock = base, cap, clock
        self.failures = 0
        self.next_at = 0.0

    def ready(self) -> bool:
        return self.clock() >= self.next_at

    def delay(self) -> float:
        return max(0.0, self.next_at - self.clock())

    def failed(self) -> float:
        self.failures += 1
        wait = min(self.cap, self.base * 2 ** (self.failures - 1))
        wait *= random.uniform(0.8, 1.0)
        self.next_at = self.clock() + wait
        return wait

    def reset(self) -> None:
        self.failures = 0
        self.next_at = 0.0


def send_row(api: ApiClient, row: Row, body: bytes) -> Any:
    """The row's request, byte for byte as first written (ApiClient, worker thread)."""
    return api.request(row.method, row.path, content=body,
                        headers={"Idempotency-Key": row.key,
                                 "Content-Type": "application/json"})


class Syncer:
    def __init__(self, outbox: Outbox, api: ApiClient, *,
                 in_flight: Callable[[str], bool] = lambda key: False,
                 backend_id: Callable[[], str | None] = lambda: None) -> None:
        self.outbox = outbox
        self.api = api
        self.in_flight = in_flight  # a key the reception is sending right now
        self.backend_id = backend_id  # the database behind the backend now, when known
        self.backoff = Backoff()
        self._running = threading.Lock()

    def run_once(self, username: str) -> SyncResult:
        """One pass over `username`'s waiting rows; never raises an ApiError."""
        if not self._running.acquire(blocking=False):
            return SyncResult(stopped="busy")
        try:
            result = self._pass(username)
        finally:
            self._running.release()
        if result.stopped in ("offline", "server"):
            wait = self.backoff.failed()
            log.info("outbox sync stopped (%s); next try in %.0f s", result.stopped, wait)
        elif result.stopped is None:
            self.backoff.reset()
        return result

    def _pass(self, username: str) -> SyncResult:
        result = SyncResult()
        for row in self.outbox.pending(username):
            if self.in_flight(row.key):
                result.stopped = "in_flight"  # the reception sends it now; later rows next pass
                break
            label = row.code or row.kind
            current = self.backend_id()
            if row.backend_id and current and row.backend_id != current:
                # Numbered from another database's lease: sent here, that number could be
                # another dossier's. It waits for its own database (docs/api-offline.md).
                if row.last_error != OTHER_BACKEND.format(code=label):
                    log.warning("outbox row %d (%s) leased from database %s, backend is %s: "
                                "held", row.seq, label, row.backend_id, current)
                    self.outbox.record_attempt(row.seq, OTHER_BACKEND.format(code=label))
                result.held.append(label)
                continue
            try:
                body = self.outbox.body(row)
            except KeyUnreadable as exc:  # no row can be read now; all are kept as they are
                result.stopped, result.message = "key", exc.message
                break
            except UnreadableBody:
                # A local problem, not a refusal: the row stays, counted as unreadable.
                log.error("outbox row %d (%s) cannot be decrypted on this PC", row.seq, label)
                if row.last_error != UNREADABLE.format(code=label):
                    self.outbox.record_attempt(row.seq, UNREADABLE.format(code=label))
                result.unreadable.append(label)
                continue
            try:
                answer = send_row(self.api, row, body)
            except (errors.Unreachable, errors.Timeout) as exc:
                self.outbox.record_attempt(row.seq, exc.message)
                result.stopped, result.message = "offline", exc.message
                break
            except errors.Unauthorized as exc:
                result.stopped, result.message = "unauthorized", exc.message
                break
            except errors.ServerError as exc:
                tries = self.outbox.record_attempt(row.seq, exc.message)
                log.warning("outbox row %d (%s): server error %s (try %d)", row.seq, label,
                            exc.status, tries)
                if tries >= MAX_SERVER_ERRORS:
                    self.outbox.mark_conflict(row.seq, SERVER_GAVE_UP.format(
                        times=tries, detail=exc.message))
                    result.conflicts.append(label)
                    continue
                result.stopped, result.message = "server", exc.message
                break
            except errors.ApiError as exc:  # 409, 422, 403, 404, 400: the clerk must see it
                log.warning("outbox row %d (%s) refused with %s; kept as a conflict",
                            row.seq, label, exc.status)
                self.outbox.mark_conflict(row.seq, exc.message)
                result.conflicts.append(label)
                continue
            _check_answer(row, answer)
            self.outbox.purge(row.seq)
            result.sent.append(label)
        if result.sent or result.conflicts or result.unreadable:
            log.info("outbox sync: %d sent, %d conflicts, %d unreadable here, stopped=%s",
                     len(result.sent), len(result.conflicts), len(result.unreadable),
                     result.stopped)
        return result


def _check_answer(row: Row, answer: Any) -> None:
    if row.kind != "dossier" or not is_object(answer):
        return
    code = obj(answer).get("code")
    if row.code and code != row.code:
        # Cannot happen with the contract (the code comes from the leased number); if it
        # does, the admin must know the printed receipt and the record disagree.
        log.error("dossier replay for %s answered code %s", row.code, code)
