"""Word wrap by measured pixel width, for text drawn in one or two fonts on a line.

Everything is measured with mode="1": FreeType hints monochrome glyphs differently, and a
line measured anti-aliased comes out a few dots wider when drawn on a 1-bit picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

Font = ImageFont.FreeTypeFont


@dataclass(frozen=True)
class Run:
    text: str
    font: Font


Line = list[Run]


def extent(text: str, font: Font) -> float:
    """Advance width, plus the ink past it when the last letter overhangs (the horn of
    "ơ", "ư" in DejaVu Sans): right-aligned text must not leave the paper."""
    if not text:
        return 0.0
    return advance(font, text) + _overhang(font, text[-1])


@lru_cache(maxsize=4096)
def _overhang(font: Font, letter: str) -> float:
    return max(
        0.0, font.getbbox(letter, mode="1", anchor="ls")[2] - font.getlength(letter, mode="1")
    )


def line_width(line: Line) -> float:
    if not line:
        return 0.0
    *closed, last = line
    return sum(advance(run.font, run.text) for run in closed) + extent(
        last.text, last.font
    )


def wrap_runs(runs: list[Run], max_width: int) -> list[Line]:
    """Greedy wrap; a word wider than the line is cut between letters (URLs, codes).

    A line's width is measured the way it is drawn (each run as one string, runs side by
    side), so no drawn line exceeds max_width. Measuring the whole line again for every
    word made a receipt's wrap cost ~10 ms; a word that clearly fits is now added by its
    own advance, allowing one dot of rounding per join, and only a word near the edge
    pays for an exact measurement of the line.
    """
    lines: list[Line] = []
    line: Line = []
    closed = 0.0  # width of every run on the line but the last
    last_width = 0.0  # advance of the last run's text (estimated since the last exact one)
    joins = 0  # words added by estimate since the last exact measurement
    for run in runs:
        for paragraph_no, paragraph in enumerate(run.text.split("\n")):
            if paragraph_no:
                lines.append(line)
                line, closed = [], 0.0
            for word in paragraph.split():
                font = run.font
                if line:
                    last = line[-1]
                    if last.font is font:
                        step = advance(font, " " + word)
                        estimate = closed + last_width + step + _overhang(font, word[-1])
                        if estimate + joins + 2 <= max_width:
                            line[-1] = Run(f"{last.text} {word}", font)
                            last_width += step
                            joins += 1
                            continue
                        candidate, start = Run(f"{last.text} {word}", font), closed
                    else:
                        start = closed + advance(last.font, last.text)
                        candidate = Run(f" {word}", font)
                    if start + extent(candidate.text, font) <= max_width:
                        if last.font is font:
                            line[-1] = candidate
                        else:
                            line.append(candidate)
                            closed = start
                        last_width, joins = advance(font, candidate.text), 0
                        continue
                    lines.append(line)
                while extent(word, font) > max_width:
                    cut = _fit_prefix(word, font, max_width)
                    lines.append([Run(word[:cut], font)])
                    word = word[cut:]
                line, closed = [Run(word, font)], 0.0
                last_width, joins = advance(font, word), 0
    if line or not lines:
        lines.append(line)
    return lines


@lru_cache(maxsize=8192)
def advance(font: Font, text: str) -> float:
    """font.getlength(text, mode="1"), kept: wrapping and aligning measure the same words
    and runs from one dossier to the next."""
    return font.getlength(text, mode="1")


def wrap_text(text: str, font: Font, max_width: int) -> list[str]:
    return ["".join(r.text for r in line) for line in wrap_runs([Run(text, font)], max_width)]


def _fit_prefix(word: str, font: Font, max_width: int) -> int:
    lo, hi = 1, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if extent(word[:mid], font) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    return lo
