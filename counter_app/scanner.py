"""Recognise scanner payloads typed by a keyboard-wedge scanner among ordinary typing:
a CCCD QR payload, or the tracking URL on a receipt's QR (`http(s)://…/t/<token>`).

A HID scanner "types" the payload and presses Enter. The counter accepts it wherever the
focus is, so the detector sees every key. A burst is the keys since the last pause; at
Enter the burst is a scan when it carries the CCCD field separators. People never type
six '|' in one go, so the separator count, not typing speed, decides: a loaded Windows
PC delivers scanner keys in uneven clumps and a speed rule would drop real scans.
Likewise a whole tracking URL with its long random token is never typed by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MIN_SEPARATORS = 6  # 7 fields -> 6 '|'
_TRACKING_URL = re.compile(r"^https?://[^\s/]+(?:/[^\s]*)?/t/([A-Za-z0-9_-]{16,})/?$")


def tracking_token(text: str) -> str | None:
    """The token of a receipt's tracking URL, or None when `text` is not one."""
    match = _TRACKING_URL.match(text.strip())
    return match.group(1) if match else None


@dataclass
class ScanDetector:
    pause: float = 0.6  # seconds of silence that end a burst
    min_separators: int = MIN_SEPARATORS
    _buffer: list[str] = field(default_factory=list)
    _last: float | None = None

    def key(self, text: str, now: float) -> bool:
        """Feed printable text; returns True when this key starts a new burst."""
        started = self._last is None or now - self._last > self.pause or not self._buffer
        if started:
            self._buffer.clear()
        self._buffer.append(text)
        self._last = now
        return started

    def enter(self, now: float) -> str | None:
        """Feed Enter; returns the payload when the burst was a scan, else None."""
        fresh = self._last is not None and now - self._last <= self.pause
        payload = "".join(self._buffer) if fresh else ""
        self.reset()
        if payload.count("|") >= self.min_separators or tracking_token(payload):
            return payload
        return None

    def reset(self) -> None:
        self._buffer.clear()
        self._last = None

    @property
    def in_burst(self) -> bool:
        return bool(self._buffer)
