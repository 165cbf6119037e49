"""Field text as it may reach paper: no control characters, whatever a QR or server sent.

A CCCD QR comes through a keyboard-wedge scanner and may carry any character. In ESC/POS
text mode an ESC or GS inside a name is a command: ESC p kicks the cash drawer, GS V cuts
the paper, ESC @ resets the printer. In a picture or a PDF the same characters draw as
empty boxes. Every renderer takes its text through printable(), so no document kind can
forget it; the commands a renderer emits itself never pass through here.
"""

from __future__ import annotations

import unicodedata

# C0, DEL and C1 (Unicode category Cc). Line feed stays: it is how a clerk's multi-line
# reason starts a new paragraph, and the renderers turn it into their own line break.
# Tabs, CR and the other spacing controls become a space so two words never run together.
_CONTROLS = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
_TABLE = {c: (" " if chr(c).isspace() else None) for c in _CONTROLS if c != 0x0A}


def printable(text: str) -> str:
    """NFC text without control characters (line feed kept, spacing controls as spaces)."""
    return unicodedata.normalize("NFC", text.translate(_TABLE))
