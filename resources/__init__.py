"""Data files shipped with the app (fonts, seed data, sounds), found next to this file.

Looked up by path rather than importlib.resources.files() so that a frozen Windows build
(files unpacked beside the executable) finds them the same way.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    return ROOT.joinpath(*parts)


def font(bold: bool = False) -> Path:
    """A font that covers every Vietnamese letter (DejaVu Sans, not its Mono cousin)."""
    return path("fonts", "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
