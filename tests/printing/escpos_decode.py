"""An ESC/POS reader written from the Epson command reference, independent of the code
under test and of python-escpos: it turns a print stream back into paper.

It knows only the commands a raster job may contain and raises on anything else, so a
stray or malformed command makes the tests fail rather than being skipped over.
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


@dataclass
class Decoded:
    commands: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    rasters: list[Raster] = field(default_factory=list)
    rows: list[np.ndarray] = field(default_factory=list)  # one bool array per dot row
    width_dots: int = 0

    def names(self) -> list[str]:
        return [name for name, _ in self.commands]

    @property
    def has_cut(self) -> bool:
        return "cut" in self.names()

    def image(self) -> Image.Image:
        """The raster content only (feeds left out), mode "1", black where a dot burns."""
        if not self.rows:
            raise DecodeError("no raster image in stream")
        burnt = np.vstack(self.rows)
        return Image.fromarray(np.where(burnt, 0, 255).astype(np.uint8), "L").convert("1")


def decode(stream: bytes) -> Decoded:
    out = Decoded()
    i, n = 0, len(stream)

    def need(count: int, what: str) -> bytes:
        if i + count > n:
            raise DecodeError(f"stream ends inside {what} at byte {i}")
        return stream[i : i + count]

    while i < n:
        b = stream[i]
        if b == LF:
            out.commands.append(("LF", ()))
            i += 1
        elif b == ESC:
            op = need(2, "ESC")[1]
            if op == 0x40:  # ESC @ initialise
                out.commands.append(("init", ()))
                i += 2
            elif op in (0x64, 0x4A):  # ESC d n (feed lines) / ESC J n (feed dots)
                arg = need(3, "ESC d/J")[2]
                out.commands.append(("feed_lines" if op == 0x64 else "feed_dots", (arg,)))
                i += 3
            else:
                raise DecodeError(f"unknown command ESC 0x{op:02x} at byte {i}")
        elif b == GS:
            op = need(2, "GS")[1]
            if op == 0x76:  # GS v 0 m xL xH yL yH d1..dk
                head = need(8, "GS v 0 header")
                if head[2] != 0x30:
                    raise DecodeError(f"GS v followed by 0x{head[2]:02x}, not '0'")
                mode = head[3]
                if mode not in (0, 1, 2, 3, 48, 49, 50, 51):
                    raise DecodeError(f"GS v 0 mode {mode} invalid")
                xbytes = head[4] | head[5] << 8
                height = head[6] | head[7] << 8
                if not (1 <= xbytes and 1 <= height):
                    raise DecodeError("GS v 0 with empty size")
                raster = Raster(i, mode, xbytes, height)
                i += 8
                data = need(raster.data_length, "GS v 0 data")
                i += raster.data_length
                bits = np.unpackbits(np.frombuffer(data, np.uint8)).reshape(height, xbytes * 8)
                if out.width_dots and out.width_dots != xbytes * 8:
                    raise DecodeError("raster fragments of different widths")
                out.width_dots = xbytes * 8
                out.rows.extend(bits.astype(bool))
                out.rasters.append(raster)
                out.commands.append(("raster", (mode, xbytes, height)))
            elif op == 0x56:  # GS V m [n]
                m = need(3, "GS V")[2]
                if m in CUT_WITHOUT_N:
                    out.commands.append(("cut", (m,)))
                    i += 3
                elif m in CUT_WITH_N:
                    out.commands.append(("cut", (m, need(4, "GS V m n")[3])))
                    i += 4
                else:
                    raise DecodeError(f"GS V with unknown mode {m}")
            else:
                raise DecodeError(f"unknown command GS 0x{op:02x} at byte {i}")
        else:
            raise DecodeError(f"unexpected byte 0x{b:02x} at {i}: text in a raster job")
    return out
