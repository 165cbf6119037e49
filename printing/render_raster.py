"""Blocks -> one 1-bit picture as wide as the paper: the route that prints Vietnamese
correctly on every printer (docs/printing.md), whatever code pages it has.

Two passes: every block is measured into a _Piece (height + painter), then the picture is
allocated at its final height and painted once, so nothing is cropped or copied.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw

from . import raster_qr
from .fonts import Face, face, pixel_size
from .layout import (
    Align,
    Block,
    KeyValue,
    QrCode,
    Rule,
    Signatures,
    Size,
    Spacer,
    Table,
    Text,
)
from .printable import printable
from .text_masks import draw_run
from .wrap import Line, Run, advance, extent, line_width, wrap_runs

# Pillow's FreeType calls are not documented as thread-safe on a shared face, and the
# faces are shared through the cache; a render is ~20 ms, so serialising costs nothing.
_LOCK = threading.Lock()

_MIN_FIT_PX = 12  # below this a thermal head prints mush; wrap instead

Painter = Callable[[Image.Image, ImageDraw.ImageDraw, int], None]


@dataclass(frozen=True)
class _Piece:
    height: int
    paint: Painter


class _Page:
    def __init__(self, width_dots: int) -> None:
        if width_dots < 128:
            raise ValueError(f"paper too narrow: {width_dots} dots")
        self.width = width_dots
        self.margin = max(4, width_dots // 96)
        self.inner = width_dots - 2 * self.margin

    def face(self, size: Size, bold: bool = False) -> Face:
        return face(pixel_size(size, self.width), bold)


def render_raster(blocks: Sequence[Block], width_dots: int = 576) -> Image.Image:
    """Mode "1" picture exactly width_dots wide (576 = 80 mm, 384 = 58 mm at 203 dpi)."""
    page = _Page(width_dots)
    with _LOCK:
        pieces = [_measure(block, page) for block in blocks]
        height = max(1, sum(p.height for p in pieces))
        image = Image.new("1", (width_dots, height), 1)
        draw = ImageDraw.Draw(image)
        draw.fontmode = "1"  # no anti-aliasing: grey edges would dither into noise
        y = 0
        for piece in pieces:
            piece.paint(image, draw, y)
            y += piece.height
    return image


def _nfc(text: str) -> str:
    # Decomposed input (from some keyboards/databases) would draw tone marks beside the
    # letter with the BASIC layout; NFC gives one precomposed glyph per letter. Control
    # characters from a QR would draw as boxes.
    return printable(text)


def _measure(block: Block, page: _Page) -> _Piece:
    match block:
        case Text():
            return _text(block, page)
        case KeyValue():
            return _key_value(block, page)
        case Rule():
            return _rule(block, page)
        case Spacer():
            return _Piece(round(page.face("normal").line_height * block.lines), _nothing)
        case QrCode():
            return _qr(block, page)
        case Table():
            return _table(block, page)
        case Signatures():
            return _signatures(block, page)
    raise TypeError(f"not a layout block: {block!r}")


def _nothing(image: Image.Image, draw: ImageDraw.ImageDraw, y: int) -> None:
    pass


def _lines_piece(lines: list[Line], fc: Face, left: int, width: int, align: Align) -> _Piece:
    def paint(image: Image.Image, draw: ImageDraw.ImageDraw, y: int) -> None:
        for i, line in enumerate(lines):
            _draw_line(draw, line, left, width, align, y + i * fc.line_height + fc.ascent)

    return _Piece(len(lines) * fc.line_height, paint)


def _draw_line(
    draw: ImageDraw.ImageDraw, line: Line, left: int, width: int, align: Align, baseline: int
) -> None:
    x = float(left)
    if align != "left":
        free = width - line_width(line)
        x += free / 2 if align == "center" else free
    for run in line:
        draw_run(draw, round(x), baseline, run.text, run.font)
        x += advance(run.font, run.text)


def _indent(page: _Page, fc: Face, chars: int) -> int:
    return min(round(chars * fc.space * 2), page.inner // 2)


def _text(block: Text, page: _Page) -> _Piece:
    fc = page.face(block.size, block.bold)
    indent = _indent(page, fc, block.indent)
    width = page.inner - indent
    text = _nfc(block.text)
    if block.fit:
        fc = _shrunk(text, fc, width, block.bold)
    if block.wrap:
        lines = wrap_runs([Run(text, fc.font)], width)
    else:
        lines = [[Run(" ".join(text.split()), fc.font)]]
    return _lines_piece(lines, fc, page.margin + indent, width, block.align)


def _shrunk(text: str, fc: Face, width: int, bold: bool) -> Face:
    px = fc.font.size
    while px > _MIN_FIT_PX and extent(text, fc.font) > width:
        px -= 1
        fc = face(px, bold)
    return fc


def _key_value(block: KeyValue, page: _Page) -> _Piece:
    label = page.face(block.size, bold=True)
    value = page.face(block.size, bold=block.bold_value)
    indent = _indent(page, label, block.indent)
    width = page.inner - indent
    runs = [Run(_nfc(block.key) + ":", label.font), Run(_nfc(block.value), value.font)]
    # A bold value shares the label's font object, so the two runs merge into one string.
    lines = wrap_runs(runs, width)
    return _lines_piece(lines, label, page.margin + indent, width, "left")


def _rule(block: Rule, page: _Page) -> _Piece:
    length = round(page.inner * block.fraction)
    pad = max(3, page.face("normal").line_height // 4)
    left = page.margin + (page.inner - length) // 2

    def paint(image: Image.Image, draw: ImageDraw.ImageDraw, y: int) -> None:
        top = y + pad
        bottom = top + block.thickness - 1
        if not block.dashed:
            draw.rectangle((left, top, left + length - 1, bottom), fill=0)
            return
        dash = 8
        for x in range(left, left + length, 2 * dash):
            draw.rectangle((x, top, min(x + dash, left + length) - 1, bottom), fill=0)

    return _Piece(2 * pad + block.thickness, paint)


def _qr(block: QrCode, page: _Page) -> _Piece:
    module = block.module_dots or raster_qr.module_dots_for(
        block.data, page.width, block.target_fraction
    )
    picture = raster_qr.qr_image(block.data, module)
    if picture.width > page.width:
        raise ValueError(f"QR of {picture.width} dots does not fit {page.width} dots")

    def paint(image: Image.Image, draw: ImageDraw.ImageDraw, y: int) -> None:
        image.paste(picture, ((page.width - picture.width) // 2, y))

    return _Piece(picture.height, paint)


def _table(block: Table, page: _Page) -> _Piece:
    head = page.face(block.size, bold=True)
    body = page.face(block.size)
    gap = max(6, round(head.space))
    usable = page.inner - gap * (len(block.columns) - 1)
    total = sum(c.weight for c in block.columns)
    widths = [int(usable * c.weight / total) for c in block.columns]
    lefts = [page.margin + sum(widths[:i]) + gap * i for i in range(len(widths))]
    rule_h = 2 + 2 * max(2, head.line_height // 6)

    def cell_lines(text: str, fc: Face, width: int) -> list[Line]:
        return wrap_runs([Run(_nfc(text), fc.font)], width)

    rows: list[tuple[list[list[Line]], Face]] = [
        ([cell_lines(c.title, head, w) for c, w in zip(block.columns, widths, strict=True)], head)
    ]
    for row in block.rows:
        rows.append(([cell_lines(t, body, w) for t, w in zip(row, widths, strict=True)], body))
    heights = [max(len(cells) for cells in r) * fc.line_height for r, fc in rows]

    def paint(image: Image.Image, draw: ImageDraw.ImageDraw, y: int) -> None:
        right = page.margin + page.inner - 1
        for index, ((cells, fc), h) in enumerate(zip(rows, heights, strict=True)):
            for col, lines, left, width in zip(block.columns, cells, lefts, widths, strict=True):
                for i, line in enumerate(lines):
                    _draw_line(
                        draw, line, left, width, col.align, y + i * fc.line_height + fc.ascent
                    )
            y += h
            if index == 0 or index == len(rows) - 1:
                mid = y + rule_h // 2 - 1
                draw.rectangle((page.margin, mid, right, mid + 1), fill=0)
                y += rule_h

    extra = rule_h * (2 if block.rows else 1)
    return _Piece(sum(heights) + extra, paint)


def _signatures(block: Signatures, page: _Page) -> _Piece:
    head, note = page.face("small", bold=True), page.face("small")
    gap = max(6, round(head.space))
    count = len(block.parties)
    width = (page.inner - gap * (count - 1)) // count
    space = round(page.face("normal").line_height * block.space_lines)
    columns: list[list[tuple[list[Line], Face, int]]] = []
    for party in block.parties:
        parts = [
            (wrap_runs([Run(_nfc(party.title), head.font)], width), head, 0),
            (wrap_runs([Run(_nfc(party.note), note.font)], width), note, space),
        ]
        if party.name:
            parts.append((wrap_runs([Run(_nfc(party.name), head.font)], width), head, 0))
        columns.append(parts)
    # Each part (title, note, name) starts at the same height in every column, so the
    # names line up even when one title wraps and the other does not.
    rows = [
        max(len(c[k][0]) * c[k][1].line_height + c[k][2] if k < len(c) else 0 for c in columns)
        for k in range(max(len(c) for c in columns))
    ]

    def paint(image: Image.Image, draw: ImageDraw.ImageDraw, y: int) -> None:
        for index, parts in enumerate(columns):
            left = page.margin + index * (width + gap)
            top = y
            for (lines, fc, _), row in zip(parts, rows, strict=False):
                for i, line in enumerate(lines):
                    _draw_line(draw, line, left, width, "center", top + i * fc.line_height + fc.ascent)
                top += row

    return _Piece(sum(rows), paint)
