"""The optional visible signature: a box at the foot of the first page saying who signed,
when (office time) and that this is the digitised copy. Vietnamese needs a font with every
letter: the DejaVu Sans the repository ships, embedded as a subset (PDF/A wants fonts
embedded)."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import resources
from counter_app.domain.clock import in_office_time

TEXT = "Đã ký số bởi: %(signer)s\nThời gian ký: %(when)s\nBản số hóa"
WIDTH, HEIGHT, MARGIN = 250, 62, 18  # points


_lock = threading.Lock()


def stamp_font() -> Path:
    """DejaVu Sans rescaled to 1000 units per em. pyHanko's glyph widths assume 1000 (the
    PDF text space): with the font's own 2048 the letters stood twice their width apart.
    Made once, kept in the temporary folder under a name that changes with the font."""
    source = resources.font()
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"counter-app-stamp-{digest}.ttf"
    with _lock:
        if not target.exists():
            import importlib

            # fontTools ships no type stubs: reached through Any on purpose.
            ttlib: Any = importlib.import_module("fontTools.ttLib")
            upem: Any = importlib.import_module("fontTools.ttLib.scaleUpem")
            font = ttlib.TTFont(str(source))
            upem.scale_upem(font, 1000)
            partial = target.with_suffix(f".{os.getpid()}.part")
            font.save(str(partial))
            os.replace(partial, target)  # whole or absent: another process may be here too
    return target


def stamp_args(pdf: bytes, field: str, signer: str,
               at: datetime) -> tuple[Any, Any, dict[str, str]]:
    """(stamp style, field spec, text parameters) for pyHanko's PdfSigner."""
    import pikepdf
    from pyhanko import stamp
    from pyhanko.pdf_utils import text
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.sign import fields

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        box = [float(v) for v in doc.pages[0].mediabox]
    right = box[2] - MARGIN
    style = stamp.TextStampStyle(
        stamp_text=TEXT,
        text_box_style=text.TextBoxStyle(
            font=GlyphAccumulatorFactory(str(stamp_font()))),
        border_width=1, background=None)
    spec = fields.SigFieldSpec(sig_field_name=field, on_page=0,
                               box=(int(right - WIDTH), int(box[1] + MARGIN), int(right),
                                    int(box[1] + MARGIN + HEIGHT)))
    params = {"signer": signer or "người ký",
              "when": f"{in_office_time(at):%H:%M %d/%m/%Y}"}
    return style, spec, params
