"""Pieces every form shares: the office header, the national motto, the title with its
form code, and the signature row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from printing.layout import Block, Rule, Signature, Signatures, Spacer, Text
from printing.text_vi import place_date

from . import texts


@dataclass(frozen=True)
class Office:
    parent_name: str  # "UBND THÀNH PHỐ HÀ NỘI"
    name: str
    address: str
    hotline: str
    place: str  # place name for the date line: "Hà Nội"


def office_blocks(parent_name: str, name: str, address: str, hotline: str) -> list[Block]:
    blocks: list[Block] = []
    if parent_name:
        blocks.append(Text(parent_name, align="center"))
    blocks.append(Text(name, bold=True, align="center"))
    if address:
        blocks.append(Text(f"Địa chỉ: {address}", size="small", align="center"))
    if hotline:
        blocks.append(Text(f"Đường dây nóng: {hotline}", size="small", align="center"))
    return blocks


def motto_blocks(place: str, moment: datetime) -> list[Block]:
    first, second = texts.motto()
    return [
        Spacer(0.4),
        Text(first, size="small", bold=True, align="center", fit=True),
        Text(second, bold=True, align="center", fit=True),
        Rule(fraction=0.45),
        Text(place_date(place, moment), size="small", align="right"),
        Spacer(0.3),
    ]


def title_blocks(kind: str, copy_label: str | None, legal_basis: str | None = None) -> list[Block]:
    """Copy label, legal basis (the caller's, else the template's) and the title."""
    form = texts.form(kind)
    blocks: list[Block] = []
    basis = form.legal_basis if legal_basis is None else legal_basis
    if basis:
        blocks.append(Text(basis, size="small", align="right"))
    if copy_label:
        blocks.append(Text(copy_label, size="small", bold=True, align="right"))
    blocks += [Text(form.title, size="large", bold=True, align="center"), Spacer(0.3)]
    return blocks


def number_line(number: str) -> Text:
    """The "Số: …" line every form of Phụ lục I carries under its header."""
    return Text(f"Số: {number}" if number else "Số: ......", size="small", align="center")


def signature_row(*parties: tuple[str, str]) -> Signatures:
    """(title, printed name) pairs; the note under each title comes from the templates."""
    note = texts.signature_note()
    return Signatures(tuple(Signature(title, note, name) for title, name in parties))


def demo_office() -> Office:
    return Office(
        parent_name="UBND THÀNH PHỐ HÀ NỘI",
        name="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG BA ĐÌNH",
        address="Số 25 phố Liễu Giai, phường Ba Đình, Hà Nội",
        hotline="1900 1234",
        place="Hà Nội",
    )
