"""Helpers that read a text-route stream back as paper, through the independent decoder."""

from __future__ import annotations

from tests.printing.codepage_tables import decode_text
from tests.printing.escpos_decode import Decoded, decode


def printed_lines(stream: bytes) -> tuple[Decoded, list[str]]:
    decoded = decode(stream)
    return decoded, [decode_text(line.raw, line.page) for line in decoded.lines]


def assert_one_code_page(decoded: Decoded, page: int) -> None:
    assert decoded.names()[:2] == ["init", "code_page"]
    assert decoded.code_pages == [page]  # never switched again, anywhere in the document


def assert_fits(decoded: Decoded, texts: list[str], columns: int) -> None:
    for line, text in zip(decoded.lines, texts, strict=True):
        assert len(text) * line.width <= columns, (text, line.width)
