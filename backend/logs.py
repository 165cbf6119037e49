"""Logging for the backend: one line per event, every 9-12 digit run masked.

Call sites already mask names and ID numbers with counter_app.domain.privacy; the
formatter's scrub() is the safety net for what slips through (exception texts, SQL errors).
"""

from __future__ import annotations

import logging
import sys

from counter_app.domain.privacy import scrub


class ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def configure(level: str = "info") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # uvicorn's access log would print /t/<tracking token>; requests are logged by our
    # middleware instead, with the token cut off.
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
