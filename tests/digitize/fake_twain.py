"""A stand-in for pytwain (module `twain`) on machines without Windows: the same names
and calls (SourceManager, source_list, open_source, set_capability, acquire_natively,
exceptions), with a scanner that honours the capabilities the way a driver does: the
pixel type decides the image's colours, the resolution its size, duplex gives two sides
per sheet. A broken capability mapping therefore shows in the pages, not just in a call."""

from __future__ import annotations

import types
from typing import Any

from PIL import Image

# pytwain's values (twain/lowlevel/constants.py, from the TWAIN specification)
ICAP_PIXELTYPE, ICAP_XRESOLUTION, ICAP_YRESOLUTION = 257, 4376, 4377
CAP_FEEDERENABLED, CAP_DUPLEX, CAP_DUPLEXENABLED = 4098, 4114, 4115
TWTY_UINT16, TWTY_BOOL, TWTY_FIX32 = 4, 6, 7
TWPT_BW, TWPT_GRAY, TWPT_RGB = 0, 1, 2
TWDX_NONE, TWDX_1PASSDUPLEX = 0, 1


class TwainError(Exception): ...
class CapUnsupported(TwainError): ...
class PaperJam(TwainError): ...
class CheckDeviceOnlineError(TwainError): ...
class CancelAll(Exception): ...  # pytwain's name


class FakeImage:
    def __init__(self, image: Image.Image) -> None:
        self.image, self.closed = image, False

    def save(self, path: str) -> None:
        self.image.save(path, format="BMP")

    def close(self) -> None:
        self.closed = True


class FakeSource:
    def __init__(self, name: str, sheets: int, *, duplex: int = TWDX_1PASSDUPLEX,
                 feeder: bool = True, fail_after: int | None = None,
                 fail: type[TwainError] = PaperJam) -> None:
        self.name, self.sheets, self.duplex, self.feeder = name, sheets, duplex, feeder
        self.fail_after, self.fail = fail_after, fail
        self.caps: dict[int, tuple[int, Any]] = {}

    def __enter__(self) -> FakeSource:
        return self

    def __exit__(self, *_exc: object) -> None:
        pass

    def set_capability(self, cap: int, type_id: int, value: Any) -> None:
        if cap == CAP_FEEDERENABLED and not self.feeder:
            raise CapUnsupported(cap)
        if cap == CAP_DUPLEXENABLED and self.duplex == TWDX_NONE:
            raise CapUnsupported(cap)
        self.caps[cap] = (type_id, value)

    def get_capability_current(self, cap: int) -> tuple[int, Any]:
        if cap == CAP_DUPLEX:
            return TWTY_UINT16, self.duplex
        return self.caps[cap]

    def _value(self, cap: int, type_id: int, default: Any) -> Any:
        got = self.caps.get(cap)
        if got is None:
            return default
        assert got[0] == type_id, f"capability {cap} set as type {got[0]}, TWAIN wants {type_id}"
        return got[1]

    def acquire_natively(self, after: Any, before: Any = None, show_ui: bool = True,
                         modal: bool = False) -> None:
        assert not show_ui  # the counter never shows the driver's own dialog
        dpi = self._value(ICAP_XRESOLUTION, TWTY_FIX32, 100.0)
        pixel = self._value(ICAP_PIXELTYPE, TWTY_UINT16, TWPT_BW)
        sides = 2 if self._value(CAP_DUPLEXENABLED, TWTY_BOOL, False) else 1
        mode = {TWPT_BW: "1", TWPT_GRAY: "L", TWPT_RGB: "RGB"}[pixel]
        images = self.sheets * sides
        for n in range(images):
            if self.fail_after is not None and n == self.fail_after:
                raise self.fail("condition code")
            size = (round(8.27 * dpi / 4), round(11.69 * dpi / 4))  # a quarter A4: quick
            sheet = Image.new("RGB", size, "white")  # a white page with a red stamp
            sheet.paste((220, 30, 30), (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2))
            after(FakeImage(sheet.convert(mode)), images - n - 1)


class SourceManager:
    sources: dict[str, FakeSource] = {}

    def __init__(self, parent_window: Any = None) -> None:
        self.closed = False

    def __enter__(self) -> SourceManager:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.closed = True

    @property
    def source_list(self) -> list[str]:
        return list(self.sources)

    def open_source(self, product_name: str | None = None) -> FakeSource | None:
        return self.sources.get(product_name or "")


def module(*sources: FakeSource) -> types.ModuleType:
    fake = types.ModuleType("twain")
    for name, value in globals().items():
        if name.isupper() or name in ("SourceManager",):
            setattr(fake, name, value)
    fake.SourceManager = type("SourceManager", (SourceManager,),  # type: ignore[attr-defined]
                              {"sources": {s.name: s for s in sources}})
    fake.exceptions = types.SimpleNamespace(  # type: ignore[attr-defined]
        TwainError=TwainError, CapUnsupported=CapUnsupported, PaperJam=PaperJam,
        CheckDeviceOnlineError=CheckDeviceOnlineError, CancelAll=CancelAll)
    return fake
