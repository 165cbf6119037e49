"""The only door to python-escpos, opened on first use.

Importing it costs ~170 ms because it rebuilds its profile cache in a new temporary folder
in every process (and leaves that folder behind); the app should call
use_capabilities_cache() once at start-up with a folder of its own to bring that to ~70 ms.

python-escpos writes that cache in place and unpickles whatever it finds at import: an
empty or half-written file (two first starts at once, a kill during the first start) made
the import, hence every login, fail. So the cache is written here, atomically, with a
digest beside it; a file that does not match its digest is rebuilt, and when the folder
cannot be used python-escpos is left to its own temporary folder (slower, always works).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import logging
import os
import pickle
import platform
import sys
from pathlib import Path

from counter_app.atomic_file import replace_file

log = logging.getLogger(__name__)

_ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"
_SOURCE_ENV = "ESCPOS_CAPABILITIES_FILE"


def use_capabilities_cache(folder: Path) -> None:
    """Keep python-escpos's profile cache in `folder` (a per-user folder: it is a pickle).

    Only effective before the first print job of the process; an explicit environment
    setting wins. Never raises: a cache that cannot be made means no cache.
    """
    if "escpos.capabilities" in sys.modules or os.environ.get(_ENV):
        return
    try:
        ready = _prepare(Path(folder))
    except Exception as exc:  # any OSError, a broken capabilities file: start without it
        log.warning("python-escpos capability cache not used (%s: %s)", type(exc).__name__, exc)
        return
    if ready:
        os.environ[_ENV] = str(folder)


def cache_file(folder: Path) -> Path:
    """The name python-escpos looks for in its cache folder."""
    return Path(folder) / f"{platform.python_version()}.capabilities.pickle"


def _source() -> Path | None:
    explicit = os.environ.get(_SOURCE_ENV)
    if explicit:
        return Path(explicit)
    spec = importlib.util.find_spec("escpos")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "capabilities.json"


def _prepare(folder: Path) -> bool:
    source = _source()
    if source is None or not source.is_file():
        return False
    target = cache_file(folder)
    digest_file = target.with_name(target.name + ".sha256")
    if _valid(target, digest_file, source):
        return True
    folder.mkdir(parents=True, exist_ok=True)
    with open(source, encoding="utf-8") as f:
        capabilities = json.load(f)  # python-escpos reads the same file with yaml.safe_load
    if not isinstance(capabilities, dict) or "profiles" not in capabilities:
        return False
    data = pickle.dumps(capabilities, protocol=2)
    # Same input, same bytes: two processes rebuilding at once write identical files.
    replace_file(target, data)
    replace_file(digest_file, hashlib.sha256(data).hexdigest().encode("ascii"))
    log.info("python-escpos capability cache rebuilt in %s", folder)
    return True


def _valid(target: Path, digest_file: Path, source: Path) -> bool:
    try:
        data = target.read_bytes()
        expected = digest_file.read_text(encoding="ascii").strip()
        fresh = target.stat().st_mtime >= source.stat().st_mtime
    except (OSError, UnicodeDecodeError):
        return False
    return fresh and bool(data) and hashlib.sha256(data).hexdigest() == expected


def preload() -> None:
    """Import python-escpos now, on the calling thread.

    Its first import from a worker thread, while the Qt thread ran Python's garbage
    collector, crashed the process (segfault, PySide6 6.11, reproduced every run); the app
    calls this on the UI thread when the clerk logs in.
    """
    importlib.import_module("escpos.capabilities")
    importlib.import_module("escpos.printer")
