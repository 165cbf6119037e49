"""Word wrap by character count, for the printer's own fixed-width font.

Text arrives NFC, so each Vietnamese letter is one character and one column, whatever the
number of bytes its code page needs (CP1258 sends some as letter + tone mark).
"""

from __future__ import annotations

Span = tuple[str, bool]  # (text, bold)
CharLine = list[Span]


def _length(line: CharLine) -> int:
    return sum(len(text) for text, _ in line)


def wrap_spans(spans: list[Span], width: int) -> list[CharLine]:
    """Greedy wrap of bold/regular spans; words longer than the line are cut."""
    if width < 1:
        raise ValueError(f"no room for text: {width} columns")
    lines: list[CharLine] = []
    line: CharLine = []
    for text, is_bold in spans:
        for number, paragraph in enumerate(text.split("\n")):
            if number:
                lines.append(line)
                line = []
            for word in paragraph.split():
                gap = 1 if line else 0
                if _length(line) + gap + len(word) <= width:
                    _append(line, (" " if gap else "") + word, is_bold)
                    continue
                if line:
                    lines.append(line)
                    line = []
                while len(word) > width:
                    lines.append([(word[:width], is_bold)])
                    word = word[width:]
                line = [(word, is_bold)]
    if line or not lines:
        lines.append(line)
    return lines


def _append(line: CharLine, text: str, is_bold: bool) -> None:
    if line and line[-1][1] == is_bold:
        line[-1] = (line[-1][0] + text, is_bold)
    else:
        line.append((text, is_bold))


def wrap_plain(text: str, width: int) -> list[str]:
    return ["".join(t for t, _ in line) for line in wrap_spans([(text, False)], width)]


def pad(text: str, width: int, how: str) -> str:
    if how == "center":
        return text.center(width)
    if how == "right":
        return text.rjust(width)
    return text.ljust(width)
