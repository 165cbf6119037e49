"""Scan settings per document kind, as the office sets them once per PC: text pages
(forms, declarations) black and white at 300 dpi from the feeder; photos and ID cards in
colour on the glass. Each kind can be made double-sided (duplex) when the scanner can.

Kept in the settings as {"text": {"dpi": 300, "colour": false, "duplex": false}, ...};
anything missing or unreadable there falls back to these defaults, never stops a scan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from counter_app.digitize.scanners import ID_CARD, TEXT, ScanSettings

KINDS = {"text": "Trang chữ", "photo": "Ảnh, thẻ căn cước"}
DEFAULTS = {"text": TEXT, "photo": ID_CARD}
DPI_CHOICES = (150, 200, 300, 400, 600)


def profile(stored: Mapping[str, Any], kind: str) -> ScanSettings:
    """The ScanSettings for `kind` ("text" or "photo") from the stored mapping."""
    base = DEFAULTS.get(kind, TEXT)
    got: Any = stored.get(kind)
    if not isinstance(got, Mapping):
        return base
    values = cast(Mapping[str, Any], got)
    dpi = values.get("dpi", base.dpi)
    return ScanSettings(dpi=dpi if dpi in DPI_CHOICES else base.dpi,
                        colour=bool(values.get("colour", base.colour)), feeder=base.feeder,
                        duplex=bool(values.get("duplex", base.duplex)))


def stored_form(settings: ScanSettings) -> dict[str, Any]:
    return {"dpi": settings.dpi, "colour": settings.colour, "duplex": settings.duplex}


def describe_profile(label: str, settings: ScanSettings) -> str:
    """"Trang chữ: đen trắng 300 dpi, hai mặt": what the clerk's choice will do."""
    colour = "màu" if settings.colour else "đen trắng"
    return f"{label}: {colour} {settings.dpi} dpi" + (", hai mặt" if settings.duplex else "")
