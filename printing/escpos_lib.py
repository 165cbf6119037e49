"""The only door to python-escpos, opened on first use.

Importing it costs ~170 ms because it rebuilds its profile cache in a new temporary folder
in every process (and leaves that folder behind); the app should call
use_capabilities_cache() once at start-up with a folder of its own to bring that to ~70 ms.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from .errors import PrinterError

_ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def use_capabilities_cache(folder: Path) -> None:
    """Keep python-escpos's profile cache in `folder` (a per-user folder: it is a pickle).

    Only effective before the first print job of the process; an explicit environment
    setting wins.
    """
    if "escpos.capabilities" in sys.modules:
        return
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault(_ENV, str(folder))


def dummy_printer(profile: str, width_dots: int) -> Any:
    """An escpos Dummy printer for `profile` that records bytes instead of sending them."""
    from escpos.capabilities import get_profile_class
    from escpos.printer import Dummy

    try:
        profile_class = get_profile_class(profile)
    except KeyError:
        raise PrinterError("config", f"Không có cấu hình máy in tên “{profile}”.") from None
    data = profile_class.profile_data
    known = data.get("media", {}).get("width", {}).get("pixels")
    if isinstance(known, int) and width_dots > known:
        raise PrinterError(
            "config",
            f"Khổ in {width_dots} điểm rộng hơn khổ của máy {profile} ({known} điểm).",
        )
    printer = Dummy(profile=profile)
    if not isinstance(known, int):
        # escpos prints a warning to stdout on every image when the profile has no width
        # ("default" has none); the width we render for is the width we know.
        media = {**data.get("media", {}), "width": {"pixels": width_dots}}
        printer.profile.profile_data = {**data, "media": media}
    return printer


def profile_cuts(printer: Any) -> bool:
    features = printer.profile.profile_data.get("features", {})
    return bool(features.get("paperFullCut") or features.get("paperPartCut"))


def preload() -> None:
    """Import python-escpos now, on the calling thread.

    Its first import from a worker thread, while the Qt thread ran Python's garbage
    collector, crashed the process (segfault, PySide6 6.11, reproduced every run); the app
    calls this on the UI thread when the clerk logs in.
    """
    import escpos.capabilities
    import escpos.printer  # noqa: F401
