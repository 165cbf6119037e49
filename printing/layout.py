"""Printable documents as data: a list of blocks that any renderer can lay out.

Documents (receipt, later forms 02/03 and queue tickets) only describe *what* goes on
paper. The raster renderer draws the blocks into a picture today; a later ESC/POS text
renderer (TCVN-3 / CP1258 for printers known to do it right) can walk the same list, which
is why sizes are named steps rather than pixel heights: "large" maps to a font size in the
picture and to double height in text mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# "giant" is the queue number on a ticket, read from a few metres away.
Size = Literal["small", "normal", "large", "huge", "giant"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Text:
    """A paragraph; wrapped at word boundaries to the paper width unless wrap=False."""

    text: str
    size: Size = "normal"
    bold: bool = False
    align: Align = "left"
    wrap: bool = True
    # Left inset in characters of the current size, for continuation items under a heading.
    indent: int = 0
    # Shrink the font until the text fits one line (national motto, dossier code): on
    # 58 mm paper these must not break, and in text mode they map to a smaller size.
    fit: bool = False


@dataclass(frozen=True)
class KeyValue:
    """ "Label: value" with the label bold; the value continues on the same line and wraps."""

    key: str
    value: str
    size: Size = "normal"
    bold_value: bool = False
    indent: int = 0


@dataclass(frozen=True)
class Rule:
    """A horizontal line; fraction < 1 gives the short centred rule under a motto."""

    fraction: float = 1.0
    thickness: int = 2
    dashed: bool = False


@dataclass(frozen=True)
class Spacer:
    """Vertical gap in lines of the normal size (so it scales with the paper)."""

    lines: float = 0.5


@dataclass(frozen=True)
class QrCode:
    """A QR code, centred, with a quiet zone; the renderer picks a module size that scans.

    module_dots forces the module size; otherwise the renderer aims at target_fraction of
    the paper width without going under its minimum for that paper.
    """

    data: str
    module_dots: int | None = None
    target_fraction: float = 0.45


@dataclass(frozen=True)
class Column:
    title: str
    weight: float = 1.0
    align: Align = "left"


@dataclass(frozen=True)
class Table:
    """Rows of cells under a bold header; cells wrap inside their column."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    size: Size = "small"

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"row has {len(row)} cells, table has {len(self.columns)}")


@dataclass(frozen=True)
class Signature:
    title: str  # "NGƯỜI NỘP HỒ SƠ"
    note: str = "(Ký và ghi rõ họ tên)"
    name: str = ""  # printed under the space left for the signature; may be empty


@dataclass(frozen=True)
class Signatures:
    """Signature blocks side by side, each centred in an equal share of the width."""

    parties: tuple[Signature, ...]
    space_lines: float = 3.0  # room to sign, in lines of the normal size

    def __post_init__(self) -> None:
        if not 1 <= len(self.parties) <= 3:
            raise ValueError("one to three signature blocks fit side by side")


Block = Text | KeyValue | Rule | Spacer | QrCode | Table | Signatures
