"""The backend's clock, as seen from this PC.

A dossier on a leased number carries the counter's own receipt time, and the backend
refuses one more than 2 minutes in its future (docs/api-offline.md). Counter PCs drift
(no NTP on many office networks), and every dossier goes through that check here (see
reception.py), so the counter stamps receipts with its clock corrected by the offset
measured from the backend's HTTP `Date` header whenever it answers. The last offset is
kept in the outbox database so a counter that starts offline still corrects.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from counter_app.domain.clock import office_now

if TYPE_CHECKING:
    from counter_app.client.api import ApiClient

log = logging.getLogger(__name__)

# The Date header has one-second resolution: below this the correction is only noise.
NOISE_SECONDS = 3.0
META_KEY = "server_clock_offset"


class ServerClock:
    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset  # seconds to add to this PC's clock

    def now(self) -> datetime:
        """Office time by the backend's clock, to the second (what the backend stores)."""
        return (office_now() + timedelta(seconds=self.offset)).replace(microsecond=0)

    def measure(self, api: ApiClient) -> float:
        """One GET /health; returns the new offset. Raises httpx errors when unreachable."""
        # The PC's real clock, not the app's: the offset is between the two machines' clocks.
        before = time.time()
        response = api.health_response()
        after = time.time()
        header = response.headers.get("date")
        if not header:
            return self.offset
        server = parsedate_to_datetime(header).timestamp()
        # The header is truncated to the second: on average half a second behind.
        offset = server + 0.5 - (before + after) / 2
        self.offset = offset if abs(offset) >= NOISE_SECONDS else 0.0
        if self.offset:
            log.warning("this PC's clock differs from the backend's by %.0f s; receipts use "
                        "the backend's time", self.offset)
        return self.offset
