"""One place that configures logging for every entry point (counter, serve, kiosk…).

Every record passes a filter that masks 9-12 digit runs, so an ID number that slips into
an exception text or a URL never reaches the log file unmasked.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from counter_app import paths
from counter_app.domain.privacy import scrub

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


class PiiScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad %-format must not kill logging
            message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


def configure(name: str = "counter", level: int = logging.INFO, log_dir: Path | None = None) -> Path:
    """Log to a rotating file (and stderr); returns the file path for the admin.
    COUNTER_APP_LOG_LEVEL (DEBUG, INFO...) overrides `level`, for support and tests."""
    folder = log_dir or paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.log"
    root = logging.getLogger()
    root.setLevel(os.environ.get("COUNTER_APP_LOG_LEVEL", "").upper() or level)
    scrubber = PiiScrubFilter()
    file_handler = logging.handlers.RotatingFileHandler(
        target, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
    )
    stream_handler = logging.StreamHandler()
    for handler in (file_handler, stream_handler):
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(scrubber)
        root.addHandler(handler)
    # httpx logs every request URL at INFO; the client logs method, path, status and time.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return target
