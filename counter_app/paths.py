"""Where the app keeps its files, resolved once with the app name fixed.

platformdirs gives %LOCALAPPDATA%\\counter-app on Windows and ~/.local/share/counter-app
on Linux. COUNTER_APP_HOME overrides everything, so tests, benchmarks and a portable
install on a USB stick never touch the clerk's real profile.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from counter_app import APP_NAME


def _home() -> Path | None:
    value = os.environ.get("COUNTER_APP_HOME")
    return Path(value) if value else None


def _ensure(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p


def config_dir() -> Path:
    home = _home()
    if home:
        return _ensure(home / "config")
    return _ensure(platformdirs.user_config_path(APP_NAME, appauthor=False, roaming=True))


def data_dir() -> Path:
    home = _home()
    if home:
        return _ensure(home / "data")
    return _ensure(platformdirs.user_data_path(APP_NAME, appauthor=False))


def log_dir() -> Path:
    home = _home()
    if home:
        return _ensure(home / "logs")
    return _ensure(platformdirs.user_log_path(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    home = _home()
    if home:
        return _ensure(home / "cache")
    return _ensure(platformdirs.user_cache_path(APP_NAME, appauthor=False))
