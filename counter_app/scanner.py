"""Recognise scanner payloads typed by a keyboard-wedge scanner among ordinary typing:
a CCCD QR payload, or the tracking URL on a receipt's QR (`http(s)://…/t/<token>`).

A HID scanner "types" the payload and presses Enter. The counter accepts it wherever the
focus is, so the detector sees every key. A burst is the keys since the last pause; at
Enter the burst is a scan when it carries the CCCD field separators. People never type
six '|' in one go, so the separator count, not typing speed, decides what a payload is:
a loaded Windows PC delivers scanner keys in uneven clumps and a speed rule would drop
real scans. Likewise a whole tracking URL with its long random token is never typed by hand.

Speed only names the failures: a burst typed faster than any person types (the median
gap between keys, robust to clumps) that ends in Enter but is no payload is a scan that
went wrong — cut short, or typed through the wrong keyboard layout so the '|' became
another character. Saying so beats leaving the garbage in whichever field had focus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

MIN_SEPARATORS = 6  # 7 fields -> 6 '|'
SCANNER_MIN_KEYS = 8  # shorter bursts say too little about who typed them
SCANNER_MEDIAN_GAP = 0.035  # seconds; a fast typist's median gap is above 0.08
_TRACKING_URL = re.compile(r"^https?://[^\s/]+(?:/[^\s]*)?/t/([A-Za-z0-9_-]{16,})/?$")

SCAN_FAILED = ("Không đọc được thẻ CCCD hoặc mã QR vừa quét. Vui lòng quét lại; nếu vẫn lỗi, "
               "kiểm tra bộ gõ/bố cục bàn phím của máy quét (tắt bộ gõ tiếng Việt, để bàn "
               "phím tiếng Anh US).")


def tracking_token(text: str) -> str | None:
    """The token of a receipt's tracking URL, or None when `text` is not one."""
    match = _TRACKING_URL.match(text.strip())
    return match.group(1) if match else None


@dataclass(frozen=True)
class Burst:
    """What the keys before an Enter were: a payload, a failed scan, or a person typing."""

    payload: str | None = None
    failed: bool = False


@dataclass
class ScanDetector:
    pause: float = 0.6  # seconds of silence that end a burst
    min_separators: int = MIN_SEPARATORS
    _buffer: list[str] = field(default_factory=list[str])
    _times: list[float] = field(default_factory=list[float])
    _unjudged: bool = False  # a key whose timing says nothing about who typed it
    _last: float | None = None

    def key(self, text: str, now: float, *, timed: bool = True) -> bool:
        """Feed printable text; returns True when this key starts a new burst.

        `timed=False` for a key whose moment is not a typing speed: an auto-repeat (a key
        held down) or a synthetic event without the OS's timestamp. Its burst is never
        called a failed scan."""
        # A clock that went back (a new time source, a wrapped tick count) also ends a burst.
        started = not self._buffer or not self._close_to_last(now)
        if started:
            self._buffer.clear()
            self._times.clear()
            self._unjudged = False
        self._buffer.append(text)
        self._times.append(now)
        self._unjudged = self._unjudged or not timed
        self._last = now
        return started

    def end(self, now: float) -> Burst:
        """Feed Enter: what the burst it ends was."""
        fresh = self._close_to_last(now)
        payload = "".join(self._buffer) if fresh else ""
        times = [*self._times, now] if fresh else []
        unjudged = self._unjudged
        self.reset()
        if payload.count("|") >= self.min_separators or tracking_token(payload):
            return Burst(payload=payload)
        return Burst(failed=not unjudged and _scanner_speed(times))

    def enter(self, now: float) -> str | None:
        """Feed Enter; returns the payload when the burst was a scan, else None."""
        return self.end(now).payload

    def _close_to_last(self, now: float) -> bool:
        return self._last is not None and 0 <= now - self._last <= self.pause

    def reset(self) -> None:
        self._buffer.clear()
        self._times.clear()
        self._unjudged = False
        self._last = None

    @property
    def in_burst(self) -> bool:
        return bool(self._buffer)


def _scanner_speed(times: list[float]) -> bool:
    """Keys (the Enter included) that came faster than a person types."""
    if len(times) < SCANNER_MIN_KEYS + 1:
        return False
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    return median(gaps) < SCANNER_MEDIAN_GAP
