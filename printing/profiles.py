"""What a python-escpos printer profile says about a printer, as plain values.

The profile database ships inside python-escpos; reading it imports the library (~70 ms
with the capabilities cache), so callers do this off the UI thread, once per profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .errors import PrinterError

DOTS_FOR_PAPER = {58: 384, 80: 576}  # 203 dpi heads, when the profile does not say
DOTS_PER_COLUMN = 12  # font A is 12 x 24 dots: 576 -> 48 columns, 512 -> 42, 384 -> 32


@dataclass(frozen=True)
class ProfileInfo:
    name: str
    width_dots: int | None  # None: the profile does not know ("default", "simple")
    paper_mm: int | None  # 58 or 80 class, from the profile's printable width
    columns_font_a: int | None
    supports_qr: bool
    cuts: bool
    code_pages: dict[str, tuple[int, ...]]  # encoding name -> ESC t numbers, in order


@lru_cache(maxsize=64)
def profile_info(name: str) -> ProfileInfo:
    from escpos.capabilities import get_profile_class

    try:
        profile = get_profile_class(name)()
    except KeyError:
        raise PrinterError("config", f"Không có cấu hình máy in tên “{name}”.") from None
    data = profile.profile_data
    width = data.get("media", {}).get("width", {})
    pixels, mm = width.get("pixels"), width.get("mm")
    features = data.get("features", {})
    pages: dict[str, list[int]] = {}
    for number, encoding in data.get("codePages", {}).items():
        pages.setdefault(str(encoding), []).append(int(number))
    columns = data.get("fonts", {}).get("0", {}).get("columns")
    return ProfileInfo(
        name=name,
        width_dots=pixels if isinstance(pixels, int) else None,
        paper_mm=(80 if mm >= 60 else 58) if isinstance(mm, int | float) else None,
        columns_font_a=columns if isinstance(columns, int) else None,
        # profile.supports() is the check python-escpos's own qr(native=True) forgets.
        supports_qr=bool(profile.supports("qrCode")),
        cuts=bool(features.get("paperFullCut") or features.get("paperPartCut")),
        code_pages={k: tuple(sorted(v)) for k, v in pages.items()},
    )


def width_dots(profile: str, paper_mm: int) -> int:
    """The profile's own dots when it describes this paper class, else 384 / 576."""
    if paper_mm not in DOTS_FOR_PAPER:
        raise PrinterError("config", f"Khổ giấy {paper_mm} mm không được hỗ trợ (58 hoặc 80).")
    info = profile_info(profile)
    if info.width_dots and info.paper_mm == paper_mm:
        return info.width_dots
    return DOTS_FOR_PAPER[paper_mm]


def columns(profile: str, dots: int) -> int:
    """Font A characters per line at this width (never more than the profile states)."""
    count = dots // DOTS_PER_COLUMN
    info = profile_info(profile)
    if info.width_dots and info.columns_font_a and info.width_dots == dots:
        count = min(count, info.columns_font_a)
    return count


# Epson numbers its CP1258 page 52; clones use 94 or 27 (docs/printing.md).
_PREFERRED = {"cp1258": (52, 94, 27), "tcvn3": (30,)}
_ENCODING = {"cp1258": "CP1258", "tcvn3": "TCVN-3-1"}


def default_code_page(profile: str, route: str) -> int:
    """The ESC t number for a text route on this profile; PrinterError if it has none."""
    known = profile_info(profile).code_pages.get(_ENCODING[route], ())
    for number in _PREFERRED[route]:
        if number in known:
            return number
    if known:
        return known[0]
    label = "TCVN-3" if route == "tcvn3" else "CP1258"
    raise PrinterError(
        "config",
        f"Cấu hình máy {profile} không có bảng mã {label}; hãy nhập số bảng mã "
        "(ESC t) theo tài liệu máy in hoặc chọn in dạng ảnh.",
    )
