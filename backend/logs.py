"""Logging for the backend: one line per event, every 9-12 digit run masked.

Call sites already mask names and ID numbers with counter_app.domain.privacy; the
formatter's scrub() is the safety net for what slips through (exception texts, SQL errors).
A message is one line whatever it carries: a URL path is percent-decoded before it is
logged, so `%0D%0A` in a request would otherwise start a forged line in the log.
"""

from __future__ import annotations

import logging
import re
import sys

from counter_app.domain.privacy import scrub

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\r": "\\r", "\n": "\\n", "\t": "\\t"}


def one_line(text: str) -> str:
    """Control characters written out (`\\r`, `\\n`, `\\x1b`): what was sent stays
    readable for the admin and cannot break the line."""
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}")
                        if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


class ScrubbingFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:
        # The traceback appended after this stays multi-line; the message line cannot.
        return one_line(super().formatMessage(record))

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
