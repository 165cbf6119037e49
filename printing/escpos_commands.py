"""ESC/POS commands written out byte by byte, from the Epson command reference.

The text route builds its stream here rather than through python-escpos: its qr() sends
GS ( k without checking the profile, its center=True raises, and its text encoder switches
code pages on its own (docs/printing.md).
"""

from __future__ import annotations

from PIL import Image

ESC, GS = b"\x1b", b"\x1d"
INIT = ESC + b"@"
ALIGN = {"left": 0, "center": 1, "right": 2}
QR_ERROR_LEVEL = {"L": 48, "M": 49, "Q": 50, "H": 51}
_INVERT = bytes(255 - b for b in range(256))


def code_page(n: int) -> bytes:
    return ESC + b"t" + bytes([n])


def char_size(width: int, height: int) -> bytes:
    """GS ! n: width and height multipliers 1..8."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError(f"character size {width}x{height} out of range")
    return GS + b"!" + bytes([(width - 1) << 4 | (height - 1)])


def bold(on: bool) -> bytes:
    return ESC + b"E" + bytes([int(on)])


def align(where: str) -> bytes:
    return ESC + b"a" + bytes([ALIGN[where]])


def feed_dots(n: int) -> bytes:
    return ESC + b"J" + bytes([max(0, min(255, n))])


def feed_lines(n: int) -> bytes:
    return ESC + b"d" + bytes([max(0, min(255, n))])


def cut() -> bytes:
    """GS V 66 0: feed to the cutter, then partial cut (no lost tail on the next slip)."""
    return GS + b"VB\x00"


def _qr_function(fn: int, payload: bytes) -> bytes:
    size = len(payload) + 2  # cn and fn count in pL pH
    return GS + b"(k" + bytes([size & 0xFF, size >> 8, 49, fn]) + payload


def qr_native(data: str, module_dots: int, level: str = "M") -> bytes:
    """GS ( k model 2, module size, error level, store, print. Callers check the profile
    first: a printer without QR support prints the store command's data as text."""
    payload = data.encode("utf-8")
    if not 1 <= module_dots <= 16:
        raise ValueError(f"QR module size {module_dots} out of 1..16")
    if len(payload) > 7089:
        raise ValueError("QR data too long")
    return (
        _qr_function(65, bytes([50, 0]))
        + _qr_function(67, bytes([module_dots]))
        + _qr_function(69, bytes([QR_ERROR_LEVEL[level]]))
        + _qr_function(80, b"0" + payload)
        + _qr_function(81, b"0")
    )


def raster(image: Image.Image, fragment_rows: int) -> bytes:
    """GS v 0 in fragments of at most fragment_rows; mode "1" picture, black = burnt."""
    picture = image.convert("1")
    width = (picture.width + 7) // 8 * 8
    if width != picture.width:  # padding bits must be white, not inverted to black
        padded = Image.new("1", (width, picture.height), 1)
        padded.paste(picture, (0, 0))
        picture = padded
    row_bytes = width // 8
    data = picture.tobytes().translate(_INVERT)  # Pillow: 1 = white; ESC/POS: 1 = burn
    out = bytearray()
    for top in range(0, picture.height, fragment_rows):
        rows = min(fragment_rows, picture.height - top)
        out += GS + b"v0\x00" + bytes([row_bytes & 0xFF, row_bytes >> 8, rows & 0xFF, rows >> 8])
        out += data[top * row_bytes : (top + rows) * row_bytes]
    return bytes(out)
