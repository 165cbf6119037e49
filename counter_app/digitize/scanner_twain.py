"""TWAIN scanners on Windows, through pytwain (module `twain`), the way most counter PCs'
scanner drivers are offered there. Same interface as SaneScanner: discover the sources,
scan at a resolution / colour / duplex, give each page as it comes; a jam or an unplugged
scanner stops with a Vietnamese message and the pages already scanned (ScanInterrupted).

`twain` exists only on Windows; it is imported when used, so this module imports
everywhere and tests hand it a stand-in module (as printing/transport_win32.py does).
"""

from __future__ import annotations

import io
import logging
import os
import sys
import tempfile
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

from PIL import Image

from counter_app.digitize.clean import tidy
from counter_app.digitize.errors import DigitizeError
from counter_app.digitize.pages import Page, normalised
from counter_app.digitize.scanners import (
    CANNOT_OPEN,
    NO_DUPLEX,
    OTHER,
    SANE_STATUS,
    OnPage,
    ScanInterrupted,
    ScannerInfo,
    ScanSettings,
)

log = logging.getLogger(__name__)

ONLY_WINDOWS = "TWAIN chỉ có trên Windows; trên máy này dùng máy quét SANE hoặc thư mục."
NO_PYTWAIN = "Máy này chưa cài pytwain để dùng máy quét TWAIN: báo quản trị viên."
NOT_FOUND = "Không thấy máy quét TWAIN “{name}”: kiểm tra cáp, nguồn, trình điều khiển."
# pytwain's exceptions (TWAIN condition codes), by class name, in the clerk's words.
TWAIN_STATUS = {
    "PaperJam": SANE_STATUS["Document feeder jammed"],
    "PaperDoubleFeedError": ("Máy quét kéo hai tờ một lần: lấy các tờ ra, xếp lại rồi bấm "
                             "Quét tiếp."),
    "CheckDeviceOnlineError": SANE_STATUS["Error during device I/O"],
    "DeniedError": SANE_STATUS["Access to resource has been denied"],
    "MaxConnectionsError": SANE_STATUS["Device busy"],
}


def _twain() -> ModuleType:
    try:
        import twain  # type: ignore[import-not-found]
    except (ImportError, OSError):  # OSError: a pytwain that loads no TWAIN DLL here
        raise DigitizeError(NO_PYTWAIN if sys.platform == "win32" else ONLY_WINDOWS,
                            "pytwain (module twain) not importable") from None
    return twain


def _manager(twain: Any) -> Any:
    try:
        return twain.SourceManager(None)
    except Exception as exc:  # no TWAIN DSM (twain_32.dll / TWAINDSM.dll), not Windows
        log.warning("TWAIN source manager unavailable: %s", exc)
        message = ONLY_WINDOWS if sys.platform != "win32" else CANNOT_OPEN.format(name="TWAIN")
        raise DigitizeError(message, str(exc)) from None


class TwainScanner:
    """One TWAIN source, by its product name; the source manager is opened per scan."""

    def __init__(self, source: str) -> None:
        self.source = source

    @staticmethod
    def discover() -> list[ScannerInfo]:
        twain = _twain()
        with _manager(twain) as sm:
            return [ScannerInfo(f"twain:{name}", f"{name} (TWAIN)") for name in sm.source_list]

    def scan(self, settings: ScanSettings, on_page: OnPage | None = None,
             cancel: threading.Event | None = None) -> list[Page]:
        twain = _twain()
        errors = twain.exceptions
        pages: list[Page] = []

        def after(image: Any, _more: int) -> None:
            page = Page(normalised(tidy(_pil(image)), settings.colour), settings.dpi,
                        f"{self.source}#{len(pages) + 1}")
            pages.append(page)
            if on_page is not None:
                on_page(page)
            if cancel is not None and cancel.is_set():
                raise errors.CancelAll

        with _manager(twain) as sm:
            try:
                source = sm.open_source(self.source)
            except errors.TwainError as exc:
                source, detail = None, str(exc)
            else:
                detail = "not in source_list"
            if source is None:
                log.warning("TWAIN source %s did not open: %s", self.source, detail)
                raise ScanInterrupted(NOT_FOUND.format(name=self.source), detail, pages)
            with source:
                configure(twain, source, settings)
                try:
                    source.acquire_natively(after=after, show_ui=False)
                except errors.CancelAll:
                    pass
                except errors.TwainError as exc:
                    kind = type(exc).__name__
                    log.warning("TWAIN source %s stopped after %d pages: %s %s", self.source,
                                len(pages), kind, exc)
                    message = TWAIN_STATUS.get(kind, OTHER.format(status=kind))
                    raise ScanInterrupted(message, f"{kind}: {exc}", pages) from exc
        return pages


def configure(twain: Any, source: Any, settings: ScanSettings) -> None:
    """Resolution, pixel type, feeder and duplex as TWAIN capabilities (TW_ONEVALUE)."""
    errors = twain.exceptions
    pixel = twain.TWPT_RGB if settings.colour else twain.TWPT_GRAY
    source.set_capability(twain.ICAP_PIXELTYPE, twain.TWTY_UINT16, pixel)
    for axis in (twain.ICAP_XRESOLUTION, twain.ICAP_YRESOLUTION):
        source.set_capability(axis, twain.TWTY_FIX32, float(settings.dpi))
    try:
        source.set_capability(twain.CAP_FEEDERENABLED, twain.TWTY_BOOL,
                              settings.feeder or settings.duplex)
    except errors.TwainError:  # a flatbed-only scanner
        pass
    if settings.duplex:
        try:
            _, offered = source.get_capability_current(twain.CAP_DUPLEX)
        except errors.TwainError:
            offered = twain.TWDX_NONE
        if offered == twain.TWDX_NONE:
            raise DigitizeError(NO_DUPLEX, f"TWAIN source has CAP_DUPLEX={offered}")
        source.set_capability(twain.CAP_DUPLEXENABLED, twain.TWTY_BOOL, True)


def _pil(image: Any) -> Image.Image:
    """pytwain's in-memory image, saved as BMP (its one format) and read back."""
    handle, name = tempfile.mkstemp(suffix=".bmp")
    os.close(handle)
    try:
        image.save(name)
        data = Path(name).read_bytes()
    finally:
        image.close()
        Path(name).unlink(missing_ok=True)
    return Image.open(io.BytesIO(data))
