"""An ESC/POS reader written from the Epson command reference, independent of the code
under test and of python-escpos: it turns a print stream back into paper.

It knows only the commands our jobs may contain and raises on anything else, so a stray
or malformed command makes the tests fail rather than being skipped over. Text is kept as
raw bytes per printed line, with the code page and sizes in force; codepage_tables.py
turns those bytes back into Unicode with its own tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

ESC, GS, LF = 0x1B, 0x1D, 0x0A
LINE_DOTS = 30  # default line spacing (1/6 inch at 180 dpi), for drawing feeds as paper
CUT_WITHOUT_N = {0, 1, 48, 49}
CUT_WITH_N = {65, 66, 97, 98, 103, 104}


class DecodeError(ValueError):
    pass


@dataclass(frozen=True)
class Raster:
    offset: int  # where "GS v 0" starts in the stream
    mode: int
    width_bytes: int
    height: int

    @property
    def data_length(self) -> int:
        return self.width_bytes * self.height


@dataclass(frozen=True)
class TextLine:
    raw: bytes  # as sent, in code page `page`
    page: int  # ESC t n in force (0 after ESC @)
    width: int  # GS ! multipliers
    height: int
    align: int  # ESC a: 0 left, 1 centre, 2 right
    bold: bool  # ESC E was on for some of the line


@dataclass(frozen=True)
class QrSymbol:
    data: bytes
    module: int
    level: int
    model: int


@dataclass
class Decoded:
    commands: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    rasters: list[Raster] = field(default_factory=list)
    rows: list[np.ndarray] = field(default_factory=list)  # one bool array per dot row
    pictures: list[np.ndarray] = field(default_factory=list)  # each GS v 0, True = burnt
    width_dots: int = 0
    lines: list[TextLine] = field(default_factory=list)
    qr_codes: list[QrSymbol] = field(default_factory=list)

    def names(self) -> list[str]:
        return [name for name, _ in self.commands]

    @property
    def has_cut(self) -> bool:
        return "cut" in self.names()

    @property
    def code_pages(self) -> list[int]:
        return [args[0] for name, args in self.commands if name == "code_page"]

    def image(self) -> Image.Image:
        """The raster content only (feeds left out), mode "1", black where a dot burns."""
        if not self.rows:
            raise DecodeError("no raster image in stream")
        burnt = np.vstack(self.rows)
        return Image.fromarray(np.where(burnt, 0, 255).astype(np.uint8), "L").convert("1")


def split_documents(stream: bytes) -> list[bytes]:
    """One print stream per ESC @ (copies sent back to back)."""
    parts = stream.split(b"\x1b@")
    if parts[0]:
        raise DecodeError("stream does not start with ESC @")
    return [b"\x1b@" + p for p in parts[1:]]


def decode(stream: bytes) -> Decoded:  # one branch per command, by design
    out = Decoded()
    i, n = 0, len(stream)
    page, width, height, align, bold = 0, 1, 1, 0, False
    line = bytearray()
    line_bold = False
    qr_store: bytes | None = None
    qr_module, qr_level, qr_model = 3, 48, 50

    def need(count: int, what: str) -> bytes:
        if i + count > n:
            raise DecodeError(f"stream ends inside {what} at byte {i}")
        return stream[i : i + count]

    def no_pending_text(what: str) -> None:
        if line:
            raise DecodeError(f"{what} at byte {i} while a text line is unfinished")

    while i < n:
        b = stream[i]
        if b == LF:
            out.commands.append(("LF", ()))
            if line:
                out.lines.append(TextLine(bytes(line), page, width, height, align, line_bold))
            line.clear()
            line_bold = bold
            i += 1
        elif b == ESC:
            op = need(2, "ESC")[1]
            if op == 0x40:  # ESC @ initialise
                no_pending_text("ESC @")
                out.commands.append(("init", ()))
                page, width, height, align, bold = 0, 1, 1, 0, False
                i += 2
            elif op in (0x64, 0x4A):  # ESC d n (feed lines) / ESC J n (feed dots)
                arg = need(3, "ESC d/J")[2]
                if op == 0x64:
                    no_pending_text("ESC d")
                out.commands.append(("feed_lines" if op == 0x64 else "feed_dots", (arg,)))
                i += 3
            elif op == 0x74:  # ESC t n
                page = need(3, "ESC t")[2]
                out.commands.append(("code_page", (page,)))
                i += 3
            elif op == 0x21:  # ESC ! n
                arg = need(3, "ESC !")[2]
                width = 2 if arg & 0x20 else 1
                height = 2 if arg & 0x10 else 1
                bold = bool(arg & 0x08)
                line_bold |= bold
                out.commands.append(("print_mode", (arg,)))
                i += 3
            elif op == 0x45:  # ESC E n
                arg = need(3, "ESC E")[2]
                bold = bool(arg & 1)
                line_bold |= bold
                out.commands.append(("bold", (arg,)))
                i += 3
            elif op == 0x61:  # ESC a n (only honoured at the start of a line)
                arg = need(3, "ESC a")[2]
                if arg not in (0, 1, 2, 48, 49, 50):
                    raise DecodeError(f"ESC a {arg}")
                no_pending_text("ESC a")
                align = arg % 48
                out.commands.append(("align", (align,)))
                i += 3
            else:
                raise DecodeError(f"unknown command ESC 0x{op:02x} at byte {i}")
        elif b == GS:
            op = need(2, "GS")[1]
            if op == 0x76:  # GS v 0 m xL xH yL yH d1..dk
                no_pending_text("GS v 0")
                head = need(8, "GS v 0 header")
                if head[2] != 0x30:
                    raise DecodeError(f"GS v followed by 0x{head[2]:02x}, not '0'")
                mode = head[3]
                if mode not in (0, 1, 2, 3, 48, 49, 50, 51):
                    raise DecodeError(f"GS v 0 mode {mode} invalid")
                xbytes = head[4] | head[5] << 8
                rows = head[6] | head[7] << 8
                if not (1 <= xbytes and 1 <= rows):
                    raise DecodeError("GS v 0 with empty size")
                raster = Raster(i, mode, xbytes, rows)
                i += 8
                data = need(raster.data_length, "GS v 0 data")
                i += raster.data_length
                bits = np.unpackbits(np.frombuffer(data, np.uint8)).reshape(rows, xbytes * 8)
                if out.width_dots and out.width_dots != xbytes * 8:
                    raise DecodeError("raster fragments of different widths")
                out.width_dots = xbytes * 8
                out.rows.extend(bits.astype(bool))
                out.pictures.append(bits.astype(bool))
                out.rasters.append(raster)
                out.commands.append(("raster", (mode, xbytes, rows)))
            elif op == 0x56:  # GS V m [n]
                no_pending_text("GS V")
                m = need(3, "GS V")[2]
                if m in CUT_WITHOUT_N:
                    out.commands.append(("cut", (m,)))
                    i += 3
                elif m in CUT_WITH_N:
                    out.commands.append(("cut", (m, need(4, "GS V m n")[3])))
                    i += 4
                else:
                    raise DecodeError(f"GS V with unknown mode {m}")
            elif op == 0x21:  # GS ! n
                arg = need(3, "GS !")[2]
                width, height = (arg >> 4) + 1, (arg & 0x0F) + 1
                if width > 8 or height > 8:
                    raise DecodeError(f"GS ! {arg:#x} out of range")
                out.commands.append(("char_size", (width, height)))
                i += 3
            elif op == 0x28 and need(3, "GS (")[2] == 0x6B:  # GS ( k pL pH cn fn …
                head = need(7, "GS ( k")
                size = head[3] | head[4] << 8
                cn, fn = head[5], head[6]
                body = need(5 + size, "GS ( k data")[7:]
                if cn != 49:
                    raise DecodeError(f"GS ( k for symbol {cn}, not QR")
                if fn == 65:
                    qr_model = body[0]
                elif fn == 67:
                    qr_module = body[0]
                elif fn == 69:
                    qr_level = body[0]
                elif fn == 80:
                    if body[:1] != b"0":
                        raise DecodeError("QR store with m != 48")
                    qr_store = bytes(body[1:])
                elif fn == 81:
                    no_pending_text("QR print")
                    if qr_store is None:
                        raise DecodeError("QR print before any data was stored")
                    out.qr_codes.append(QrSymbol(qr_store, qr_module, qr_level, qr_model))
                else:
                    raise DecodeError(f"GS ( k function {fn}")
                out.commands.append(("qr", (fn,)))
                i += 5 + size
            else:
                raise DecodeError(f"unknown command GS 0x{op:02x} at byte {i}")
        elif b >= 0x20:
            line.append(b)
            i += 1
        else:
            raise DecodeError(f"unexpected control byte 0x{b:02x} at {i}")
    if line:
        raise DecodeError("stream ends with an unprinted text line (no LF)")
    return out
