"""Office configuration shared by the admin API and `python -m backend admin`: every check
lives here once, so both refuse the same things with the same Vietnamese sentence."""

from __future__ import annotations

from backend.queue.errors import QueueError


class AdminError(QueueError):
    """status 404 unknown, 409 conflict, 422 invalid value; detail is for the admin."""
