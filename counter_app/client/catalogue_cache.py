"""The last catalogue and calendar the backend sent, kept on disk so the reception page
still lists procedures (and dates appointments) while the backend is down.

One JSON file per kind in counter_app.paths.cache_dir(), replaced atomically (written to a
temporary file, flushed to disk, renamed) so a crash mid-write never leaves half a
catalogue. Callers run save/load on pool threads, never on the UI thread.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from counter_app.atomic_file import replace_file
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.clock import office_now

log = logging.getLogger(__name__)
FORMAT = 1


@dataclass(frozen=True)
class Cached:
    data: Any
    saved_at: datetime  # office time

    @property
    def label(self) -> str:
        return f"{self.saved_at:%H:%M %d/%m}"


class JsonCache:
    def __init__(self, name: str, folder: Path | None = None) -> None:
        if folder is None:
            from counter_app import paths

            folder = paths.cache_dir()
        self.path = folder / f"{name}.json"

    def save(self, data: Any, now: datetime | None = None) -> Cached:
        saved_at = (now or office_now()).astimezone(OFFICE_TZ)
        text = json.dumps({"format": FORMAT, "saved_at": saved_at.isoformat(), "data": data},
                          ensure_ascii=False)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(self.path, text.encode("utf-8"))
        return Cached(data, saved_at)

    def load(self) -> Cached | None:
        """The saved copy, or None when there is none or it cannot be read."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT:
                return None
            return Cached(raw["data"], datetime.fromisoformat(raw["saved_at"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("cache %s unreadable: %s", self.path.name, exc)
            return None


def catalogue_cache(folder: Path | None = None) -> JsonCache:
    return JsonCache("catalogue", folder)


def calendar_cache(folder: Path | None = None) -> JsonCache:
    return JsonCache("calendar", folder)
