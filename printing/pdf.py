"""Forms on A4 paper as PDF, for offices that hand over a sheet instead of a thermal slip.

fpdf2 (pure Python, no Qt) walks the same blocks as the thermal renderers, embedding
DejaVu Sans so the Vietnamese text stays selectable and searchable; the QR goes in as a
picture. Sizes are points instead of dots; everything else follows the layout.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import resources

from . import raster_qr
from .documents import receipt
from .layout import Block, KeyValue, QrCode, Rule, Signatures, Size, Spacer, Table, Text
from .printable import printable

if TYPE_CHECKING:
    from fpdf import FPDF

    from .documents.apology import ApologyData
    from .documents.control import ControlData
    from .documents.ledger_book import LedgerBookData
    from .documents.refusal import RefusalData
    from .documents.stop import StopData
    from .documents.supplement import SupplementData

POINTS: dict[Size, float] = {"small": 10, "normal": 12, "large": 14, "huge": 18, "giant": 40}
_ALIGN = {"left": "L", "center": "C", "right": "R"}
_FONT = "DejaVu"


def _nfc(text: str) -> str:
    return printable(text)  # control characters from a QR would draw as boxes


def blocks_pdf(blocks: Sequence[Block], path: str | os.PathLike[str], *, title: str = "",
               landscape: bool = False) -> None:
    from fpdf import FPDF, FontFace
    from fpdf.enums import XPos, YPos

    pdf = FPDF(orientation="L" if landscape else "P", format="A4", unit="mm")
    pdf.set_margins(12 if landscape else 20, 12, 12 if landscape else 20)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font(_FONT, "", str(resources.font()))
    pdf.add_font(_FONT, "B", str(resources.font(bold=True)))
    if title:
        pdf.set_title(_nfc(title))
    pdf.set_creator("counter-app")
    pdf.add_page()
    width = pdf.epw

    def line_height(size: Size) -> float:
        return POINTS[size] * 0.45

    for block in blocks:
        match block:
            case Text():
                pdf.set_font(_FONT, "B" if block.bold else "", POINTS[block.size])
                pdf.set_x(pdf.l_margin + block.indent * 4)
                pdf.multi_cell(
                    width - block.indent * 4, line_height(block.size), _nfc(block.text),
                    align=_ALIGN[block.align], new_x=XPos.LMARGIN, new_y=YPos.NEXT,
                )
            case KeyValue():
                h = line_height(block.size)
                pdf.set_x(pdf.l_margin + block.indent * 4)
                pdf.set_font(_FONT, "B", POINTS[block.size])
                pdf.write(h, _nfc(block.key) + ": ")
                pdf.set_font(_FONT, "B" if block.bold_value else "", POINTS[block.size])
                pdf.write(h, _nfc(block.value))
                pdf.ln(h)
            case Rule():
                length = width * block.fraction
                left = pdf.l_margin + (width - length) / 2
                y = pdf.get_y() + 1.5
                pdf.set_line_width(0.2 * block.thickness)
                pdf.set_dash_pattern(dash=1, gap=1) if block.dashed else pdf.set_dash_pattern()
                pdf.line(left, y, left + length, y)
                pdf.set_dash_pattern()
                pdf.set_y(y + 1.5)
            case Spacer():
                pdf.ln(block.lines * 4)
            case QrCode():
                picture = raster_qr.qr_image(block.data, 4)
                side = 32.0
                pdf.image(picture, x=pdf.l_margin + (width - side) / 2, w=side, h=side)
            case Table():
                pdf.set_font(_FONT, "", POINTS[block.size] + 1)
                with pdf.table(
                    col_widths=tuple(c.weight for c in block.columns),
                    text_align=tuple(_ALIGN[c.align] for c in block.columns),
                    line_height=line_height(block.size) + 1,
                    headings_style=FontFace(emphasis="BOLD"),
                ) as table:
                    head = table.row()
                    for column in block.columns:
                        head.cell(_nfc(column.title))
                    for cells in block.rows:
                        row = table.row()
                        for cell in cells:
                            row.cell(_nfc(cell))
                pdf.set_font(_FONT, "", POINTS["normal"])
            case Signatures():
                _signatures(pdf, block, width)
            case _:
                raise TypeError(f"not a layout block: {block!r}")
    pdf.output(str(path))


def _signatures(pdf: FPDF, block: Signatures, width: float) -> None:
    from fpdf.enums import XPos, YPos

    share = width / len(block.parties)
    top = pdf.get_y()
    bottom = top
    for index, party in enumerate(block.parties):
        pdf.set_xy(pdf.l_margin + index * share, top)
        pdf.set_font(_FONT, "B", POINTS["normal"])
        pdf.multi_cell(share, 6, _nfc(party.title), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font(_FONT, "", POINTS["small"])
        pdf.multi_cell(share, 5, _nfc(party.note), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_y(pdf.get_y() + 5 * block.space_lines)
        pdf.set_x(pdf.l_margin + index * share)
        pdf.set_font(_FONT, "B", POINTS["normal"])
        pdf.multi_cell(share, 6, _nfc(party.name), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom)


def receipt_pdf(data: receipt.ReceiptData, path: str | os.PathLike[str]) -> None:
    """Form 01 on A4, with the tracking QR."""
    blocks_pdf(receipt.receipt_layout(data), path, title=data.job_title)


def supplement_pdf(data: SupplementData, path: str | os.PathLike[str]) -> None:
    from .documents.supplement import supplement_layout

    blocks_pdf(supplement_layout(data), path, title=data.job_title)


def refusal_pdf(data: RefusalData, path: str | os.PathLike[str]) -> None:
    from .documents.refusal import refusal_layout

    blocks_pdf(refusal_layout(data), path, title=data.job_title)


def apology_pdf(data: ApologyData, path: str | os.PathLike[str]) -> None:
    from .documents.apology import apology_layout

    blocks_pdf(apology_layout(data), path, title=data.job_title)


def stop_pdf(data: StopData, path: str | os.PathLike[str]) -> None:
    from .documents.stop import stop_layout

    blocks_pdf(stop_layout(data), path, title=data.job_title)


def control_pdf(data: ControlData, path: str | os.PathLike[str]) -> None:
    """Form 06 on A4: the hand-overs as a table with the signature columns."""
    from .documents.control import control_a4_layout

    blocks_pdf(control_a4_layout(data), path, title=data.job_title)


def ledger_book_pdf(data: LedgerBookData, path: str | os.PathLike[str]) -> None:
    """Form 07 on A4 landscape, one book (field) per file."""
    from .documents.ledger_book import ledger_book_a4_layout

    blocks_pdf(ledger_book_a4_layout(data), path, title=data.job_title, landscape=True)
