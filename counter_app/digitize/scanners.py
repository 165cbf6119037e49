"""Scanners: SANE devices (Linux; python-sane over libsane) and a watched folder (network
scanners that scan to a shared folder). The clerk picks one once; each document kind has
its resolution and colour (text pages black and white at 300 dpi, ID cards in colour).

Scanning is slow I/O: the windows run it off the UI thread and get each page as it comes
(`on_page`, for the progress bar and the thumbnail strip). A jam, an empty tray, an open
cover or an unplugged scanner stop the scan with a Vietnamese message, and the pages
already scanned come back with it (ScanInterrupted.pages): nothing scanned is lost.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, cast

from counter_app.digitize.clean import tidy
from counter_app.digitize.errors import DigitizeError
from counter_app.digitize.pages import Page, normalised, read_images

if TYPE_CHECKING:
    from sane import SaneDev

    from counter_app.digitize.scanner_twain import TwainScanner

log = logging.getLogger(__name__)

ADF = "Automatic Document Feeder"
NO_SANE = "Máy này chưa cài SANE (libsane) để dùng máy quét."
CANNOT_OPEN = ("Không mở được máy quét {name}: kiểm tra cáp, nguồn điện, rồi bấm Quét lại. "
               "Các trang đã quét vẫn được giữ.")
# SANE's status texts (sane_strstatus), as libsane words them, to the clerk's words.
SANE_STATUS = {
    "Document feeder jammed": "Kẹt giấy trong máy quét: gỡ tờ bị kẹt rồi bấm Quét tiếp.",
    "Scanner cover is open": "Nắp máy quét đang mở: đóng nắp rồi bấm Quét tiếp.",
    "Document feeder out of documents": "Khay nạp giấy trống: đặt giấy vào rồi bấm Quét tiếp.",
    "Error during device I/O": ("Mất kết nối với máy quét (cáp, nguồn điện?): kiểm tra rồi "
                                "bấm Quét tiếp."),
    "Device busy": "Máy quét đang bận (máy khác đang dùng?): chờ một lát rồi thử lại.",
    "Access to resource has been denied": ("Tài khoản Windows/Linux này không có quyền dùng "
                                           "máy quét: báo quản trị viên."),
}
NO_DUPLEX = ("Máy quét này không quét hai mặt được: bỏ chọn “Hai mặt” trong thiết lập loại "
             "giấy tờ, hoặc quét mặt sau riêng.")
OTHER = "Máy quét báo lỗi ({status}). Các trang đã quét vẫn được giữ."


class ScanInterrupted(DigitizeError):
    """The scan stopped part-way; `pages` are the ones scanned before it, in order."""

    def __init__(self, message: str, detail: str, pages: list[Page]) -> None:
        super().__init__(message, detail)
        self.pages = pages


@dataclass(frozen=True)
class ScanSettings:
    """Per document kind: text pages 300 dpi black and white; photos and ID cards colour."""

    dpi: int = 300
    colour: bool = False
    feeder: bool = True  # the automatic document feeder when the scanner has one
    duplex: bool = False


TEXT = ScanSettings()
ID_CARD = ScanSettings(dpi=300, colour=True, feeder=False)


@dataclass(frozen=True)
class ScannerInfo:
    id: str  # "sane:<device>", "twain:<source>" or "folder:<path>": what the settings keep
    name: str


OnPage = Callable[[Page], object]


def _sane_error() -> type[Exception]:
    """libsane's failures (python-sane raises its C module's `error`)."""
    import _sane

    return _sane.error


def clerk_message(status: str) -> str:
    return SANE_STATUS.get(status.strip().rstrip("."), OTHER.format(status=status))


class SaneScanner:
    """One SANE device. `sane.init()` once per process; a device is opened per scan so an
    unplugged and replugged scanner works again without restarting the counter."""

    _init_lock = threading.Lock()
    _initialised = False

    def __init__(self, device: str) -> None:
        self.device = device

    @classmethod
    def _sane(cls) -> ModuleType:
        try:
            import sane
        except ImportError as exc:
            raise DigitizeError(NO_SANE, str(exc)) from exc
        with cls._init_lock:
            if not cls._initialised:
                sane.init()
                cls._initialised = True
        return sane

    @classmethod
    def discover(cls) -> list[ScannerInfo]:
        sane = cls._sane()
        return [ScannerInfo(f"sane:{name}", f"{vendor} {model} ({name})".strip())
                for name, vendor, model, _kind in sane.get_devices()]

    def scan(self, settings: ScanSettings, on_page: OnPage | None = None,
             cancel: threading.Event | None = None) -> list[Page]:
        sane = self._sane()
        pages: list[Page] = []
        try:
            device = sane.open(self.device)
        except (_sane_error(), RuntimeError) as exc:
            log.warning("scanner %s did not open: %s", self.device, exc)
            raise ScanInterrupted(CANNOT_OPEN.format(name=self.device), str(exc),
                                  pages) from exc
        try:
            source = self._configure(device, settings)
            feeding = is_feeder(source)
            images = device.multi_scan() if feeding else iter([device.scan()])
            for image in images:
                page = Page(normalised(tidy(image), settings.colour), settings.dpi,
                            f"{self.device}#{len(pages) + 1}")
                pages.append(page)
                if on_page is not None:
                    on_page(page)
                if cancel is not None and cancel.is_set():
                    break
        except _sane_error() as exc:
            status = str(exc)
            log.warning("scanner %s stopped after %d pages: %s", self.device, len(pages),
                        status)
            raise ScanInterrupted(clerk_message(status), status, pages) from exc
        finally:
            device.close()
        return pages

    @staticmethod
    def _configure(device: SaneDev, settings: ScanSettings) -> str:
        """Sets the options; returns the `source` chosen ("" when the device has none)."""
        options = {str(option[1]): option for option in device.get_options()}
        if "mode" in options:
            device.mode = "Color" if settings.colour else "Gray"
        if "depth" in options:
            device.depth = 8
        if "resolution" in options:
            device.resolution = settings.dpi
        if "source" not in options:
            if settings.duplex:
                raise DigitizeError(NO_DUPLEX, "device has no source option")
            return ""
        constraint: object = options["source"][8]
        offered = ([str(v) for v in cast(list[object], constraint)]
                   if isinstance(constraint, list) else [])
        wanted = source_for(settings, offered)
        try:
            device.source = wanted
        except (AttributeError, ValueError):  # a flatbed-only scanner
            pass
        return str(getattr(device, "source", ""))


def is_duplex(source: str) -> bool:
    return "duplex" in source.lower()


def is_feeder(source: str) -> bool:
    """Drivers' names for their feeder: ADF, "ADF Front", "Automatic Document Feeder"."""
    lower = source.lower()
    return "adf" in lower or "feeder" in lower or is_duplex(source)


def source_for(settings: ScanSettings, offered: list[str]) -> str:
    """The SANE `source` value for the settings: drivers name their duplex feeder
    differently ("ADF Duplex", "Duplex", "Automatic Document Feeder(left aligned,Duplex)");
    the first one offered is taken. NO_DUPLEX when duplex is wanted and none is offered."""
    if settings.duplex:
        duplex = [v for v in offered if is_duplex(v)]
        if not duplex:
            raise DigitizeError(NO_DUPLEX, f"no duplex source among {offered}")
        return duplex[0]
    if not settings.feeder:
        return "Flatbed"
    feeders = [v for v in offered if is_feeder(v) and not is_duplex(v)]
    return feeders[0] if feeders else ADF


@dataclass
class FolderScanner:
    """A folder a network scanner writes into. A file counts once its size has stayed the
    same between two looks (the scanner may still be writing it); its pages come in the
    order the files arrived, and the file moves to "da-nhan/" so it is not taken twice."""

    folder: Path
    settings: ScanSettings = TEXT
    _sizes: dict[Path, int] = field(default_factory=dict[Path, int])

    def take_all(self) -> list[Page]:
        """Every file there now (the clerk says the scanner has finished), in arrival order."""
        for path in self.folder.iterdir():
            if path.is_file():
                self._sizes[path] = path.stat().st_size
        return self.poll()

    def poll(self) -> list[Page]:
        done = self.folder / "da-nhan"
        ready: list[Path] = []
        now: dict[Path, int] = {}
        for path in sorted(self.folder.iterdir(), key=lambda p: (p.stat().st_mtime, p.name)):
            if not path.is_file() or path.name.startswith("."):
                continue
            size = path.stat().st_size
            now[path] = size
            if size > 0 and self._sizes.get(path) == size:
                ready.append(path)
        self._sizes = {p: s for p, s in now.items() if p not in ready}
        if not ready:
            return []
        pages = read_images(ready, colour=self.settings.colour, scans=True)
        done.mkdir(exist_ok=True)
        for path in ready:
            path.replace(done / path.name)
        return pages


def open_scanner(scanner_id: str, settings: ScanSettings = TEXT
                 ) -> SaneScanner | TwainScanner | FolderScanner:
    kind, _, where = scanner_id.partition(":")
    if kind == "sane":
        return SaneScanner(where)
    if kind == "twain":
        from counter_app.digitize.scanner_twain import TwainScanner

        return TwainScanner(where)
    if kind == "folder":
        return FolderScanner(Path(where), settings)
    raise DigitizeError(f"Không biết loại máy quét “{scanner_id}”.")
