"""Blocks -> ESC/POS text mode: the fast path for printers known to print Vietnamese right
in a code page (docs/printing.md). About 1 KB per receipt instead of 50-80 KB of picture.

One `ESC t n` at the start of the document and never again: the printer's code page stays
put for every line. A block the code page cannot spell (TCVN-3 has no upper-case letters
with tone marks) is printed as a picture of that block instead, inside the same stream.
Sizes map to the printer's multipliers: large = double height, huge = double width and
height, giant = 4x; tables are fixed-width columns by character count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL.Image import Image

from . import escpos_commands as cmd
from . import raster_qr
from .codepages import Codec, Unencodable, fold
from .escpos_raster import fragment_rows
from .layout import Block, KeyValue, QrCode, Rule, Signatures, Size, Spacer, Table, Text
from .render_raster import render_raster
from .wrap_chars import CharLine, Span, pad, wrap_plain, wrap_spans

# Size -> (width, height) multipliers; "small" stays font A: font B is unreadable on
# cheap heads and its column count differs between models.
SIZES: dict[Size, tuple[int, int]] = {
    "small": (1, 1),
    "normal": (1, 1),
    "large": (1, 2),
    "huge": (2, 2),
    "giant": (4, 4),
}
_SMALLER: dict[Size, Size] = {"giant": "huge", "huge": "large", "large": "normal"}
LINE_DOTS = 30  # the printer's default line pitch, for Spacer heights


@dataclass(frozen=True)
class TextOptions:
    codec: Codec
    columns: int  # font A characters per line: 48 (576 dots), 42 (512), 32 (384)
    width_dots: int  # for the blocks printed as pictures
    native_qr: bool  # GS ( k; only when the profile supports QR
    cut: bool
    feed_lines: int = 3


class _Stream:
    """Bytes plus the printer state they leave, so each mode command is sent only when it
    changes something."""

    def __init__(self) -> None:
        self.out = bytearray()
        self._align: str = "left"
        self._size: tuple[int, int] = (1, 1)
        self._bold: bool = False

    def state(self) -> tuple[str, tuple[int, int], bool]:
        return self._align, self._size, self._bold

    def restore(self, state: tuple[str, tuple[int, int], bool]) -> None:
        self._align, self._size, self._bold = state

    def set(self, *, align: str | None = None, size: tuple[int, int] | None = None,
            bold: bool | None = None) -> None:
        if align is not None and align != self._align:
            self.out += cmd.align(align)
            self._align = align
        if size is not None and size != self._size:
            self.out += cmd.char_size(*size)
            self._size = size
        if bold is not None and bold != self._bold:
            self.out += cmd.bold(bold)
            self._bold = bold


def render_text(blocks: Sequence[Block], options: TextOptions) -> bytes:
    s = _Stream()
    # ESC @ leaves font A, no emphasis, size 1x1, left: the state _Stream starts from.
    s.out += cmd.INIT + cmd.code_page(options.codec.page)
    for block in blocks:
        start, state = len(s.out), s.state()
        try:
            _block(s, block, options)
        except Unencodable:
            del s.out[start:]
            s.restore(state)  # what the printer is left in, not what the dropped bytes said
            _picture(s, render_raster([block], options.width_dots))
    s.set(align="left", size=(1, 1), bold=False)
    if options.feed_lines:
        s.out += cmd.feed_lines(options.feed_lines)
    if options.cut:
        s.out += cmd.cut()
    return bytes(s.out)


def _block(s: _Stream, block: Block, o: TextOptions) -> None:
    match block:
        case Text():
            _text(s, block, o)
        case KeyValue():
            size = SIZES[block.size]
            width = o.columns // size[0] - 2 * block.indent
            spans: list[Span] = [(fold(block.key) + ":", True), (fold(block.value), block.bold_value)]
            s.set(align="left", size=size)
            _lines(s, wrap_spans(spans, width), o, " " * (2 * block.indent))
        case Rule():
            length = max(1, round(o.columns * block.fraction))
            line = ("- " * length)[:length] if block.dashed else "-" * length
            if length < o.columns:  # a full line is the same whatever the alignment
                s.set(align="center")
            s.set(size=(1, 1), bold=False)
            s.out += o.codec.encode(line) + b"\n"
        case Spacer():
            if round(block.lines * LINE_DOTS) > 0:
                s.out += cmd.feed_dots(round(block.lines * LINE_DOTS))
        case QrCode():
            _qr(s, block, o)
        case Table():
            _table(s, block, o)
        case Signatures():
            _signatures(s, block, o)
        case _:
            raise TypeError(f"not a layout block: {block!r}")


def _lines(s: _Stream, lines: list[CharLine], o: TextOptions, prefix: str = "") -> None:
    # Encode everything first: an Unencodable must leave no half-written line behind.
    encoded = [[(o.codec.encode(t), b) for t, b in line] for line in lines]
    head = o.codec.encode(prefix)
    for line in encoded:
        s.out += head
        for data, is_bold in line:
            s.set(bold=is_bold)
            s.out += data
        s.out += b"\n"


def _text(s: _Stream, block: Text, o: TextOptions) -> None:
    text, size = fold(block.text), block.size
    if block.fit:
        # The dossier code and the motto must stay on one line: step down the multipliers.
        while size in _SMALLER and len(text) > o.columns // SIZES[size][0] - 2 * block.indent:
            size = _SMALLER[size]
    scale = SIZES[size]
    width = o.columns // scale[0] - 2 * block.indent
    s.set(align=block.align, size=scale)
    s.set(bold=block.bold)
    _lines(s, wrap_spans([(text, block.bold)], width), o, " " * (2 * block.indent))


def _qr(s: _Stream, block: QrCode, o: TextOptions) -> None:
    module = block.module_dots or raster_qr.module_dots_for(
        block.data, o.width_dots, block.target_fraction
    )
    if o.native_qr:
        s.set(align="center", size=(1, 1), bold=False)
        s.out += cmd.qr_native(block.data, min(16, module)) + b"\n"
    else:
        _picture(s, render_raster([block], o.width_dots))


def _picture(s: _Stream, image: Image) -> None:
    s.set(align="left", size=(1, 1), bold=False)
    s.out += cmd.raster(image, fragment_rows(image.width))


def _column_widths(weights: list[float], total: int) -> list[int]:
    usable = total - (len(weights) - 1)
    widths = [max(1, int(usable * w / sum(weights))) for w in weights]
    widths[widths.index(max(widths))] += usable - sum(widths)  # leftover to the widest
    return widths


def _table(s: _Stream, block: Table, o: TextOptions) -> None:
    widths = _column_widths([c.weight for c in block.columns], o.columns)
    aligns = [c.align for c in block.columns]
    rule = o.codec.encode("-" * o.columns) + b"\n"
    header = _row_lines([c.title for c in block.columns], widths, aligns)
    body = [_row_lines(row, widths, aligns) for row in block.rows]
    s.set(align="left", size=(1, 1), bold=True)
    _lines(s, [[(line, True)] for line in header], o)
    s.set(bold=False)
    s.out += rule
    for row in body:
        _lines(s, [[(line, False)] for line in row], o)
    if body:
        s.out += rule


def _row_lines(cells: Sequence[str], widths: list[int], aligns: list[str]) -> list[str]:
    wrapped = [wrap_plain(fold(c), w) for c, w in zip(cells, widths, strict=True)]
    height = max(len(c) for c in wrapped)
    lines: list[str] = []
    for i in range(height):
        parts = [
            pad(cell[i] if i < len(cell) else "", w, a)
            for cell, w, a in zip(wrapped, widths, aligns, strict=True)
        ]
        lines.append(" ".join(parts).rstrip())
    return lines


def _signatures(s: _Stream, block: Signatures, o: TextOptions) -> None:
    count = len(block.parties)
    widths = [(o.columns - (count - 1)) // count] * count
    centre = ["center"] * count
    s.set(align="left", size=(1, 1))
    s.set(bold=True)
    _lines(s, [[(x, True)] for x in _row_lines([p.title for p in block.parties], widths, centre)], o)
    s.set(bold=False)
    _lines(s, [[(x, False)] for x in _row_lines([p.note for p in block.parties], widths, centre)], o)
    s.out += cmd.feed_dots(round(block.space_lines * LINE_DOTS))
    if any(p.name for p in block.parties):
        s.set(bold=True)
        names = _row_lines([p.name for p in block.parties], widths, centre)
        _lines(s, [[(x, True)] for x in names], o)
