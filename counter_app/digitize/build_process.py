"""Builds component PDFs in a separate process, so the clerk's next save is not slowed.

Encoding a 300 dpi page (CCITT G4 or JPEG) and writing the PDF/A is CPU work under the
GIL in places; in the counter's own process it competed with the save → receipt path
(measured 1.7× slower p95 while three components were digitised). One worker process is
enough on a 2-core counter PC. Anything wrong with the pool (a killed worker, a platform
that cannot spawn) falls back to building here: slower, never lost.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime

from counter_app.digitize.errors import DigitizeError
from counter_app.digitize.ocr import WithText, add_text_layer
from counter_app.digitize.pages import Page
from counter_app.digitize.pdf_build import NO_PAGES, build_pdf

log = logging.getLogger(__name__)
_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _lower_priority() -> None:
    """The worker yields the CPU to the clerk's window and the backend: a component may
    take a moment longer, a receipt may not."""
    try:
        if sys.platform == "win32":
            import ctypes

            below_normal = 0x4000
            kernel32 = ctypes.windll.kernel32  # pyright: ignore[reportAttributeAccessIssue]
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), below_normal)
        else:
            os.nice(10)
    except (OSError, AttributeError) as exc:  # not fatal: the PDF is built all the same
        log.info("PDF worker keeps normal priority: %s", exc)


def _warm() -> int:
    # Loaded once in the worker, not at the first component.
    import importlib

    for name in ("img2pdf", "pikepdf"):
        importlib.import_module(name)
    return 0


def _get_pool() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            # spawn: the same on Windows and Linux, and no fork of a process running Qt.
            _pool = ProcessPoolExecutor(max_workers=1,
                                        mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_lower_priority)
            _pool.submit(_warm)
        return _pool


def start() -> None:
    """Start the worker ahead of the first component (the digitise dialog opens it)."""
    _get_pool()


def shutdown() -> None:
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


atexit.register(shutdown)


def _build(pages: Sequence[Page], title: str, at: datetime, ocr: bool) -> WithText:
    data = build_pdf(pages, title=title, at=at)
    return add_text_layer(data, pages) if ocr else WithText(data)


def build_pdf_apart(pages: Sequence[Page], *, title: str, at: datetime, ocr: bool = False,
                    notes: list[str] | None = None) -> bytes:
    """build_pdf's result, made in the worker process; DigitizeError as build_pdf raises.
    With `ocr`, the text layer is added there too (ocr.py); why it could not be goes to
    `notes`, for the clerk."""
    if not pages:
        raise DigitizeError(NO_PAGES)
    try:
        built = _get_pool().submit(_build, list(pages), title, at, ocr).result()
    except (BrokenProcessPool, OSError, RuntimeError) as exc:
        log.warning("PDF worker process unavailable (%s: %s); building in this process",
                    type(exc).__name__, exc)
        shutdown()
        built = _build(pages, title, at, ocr)
    if built.note and notes is not None:
        notes.append(built.note)
    return built.data
