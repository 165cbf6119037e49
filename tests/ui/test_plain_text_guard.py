"""Every label and message box in ui/ is built through ui/common/plain_label.py or ui/common/dialogs.py,
so text from a QR, the server or a person can never be read by Qt as HTML."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt

UI = Path(__file__).resolve().parents[2] / "ui"
HELPERS = {"plain_label.py", "dialogs.py"}
# A bare QLabel(...) is Qt.AutoText; QMessageBox's static helpers are too.
FORBIDDEN = re.compile(r"(?<![\w.])QLabel\(|QMessageBox\.(warning|critical|information|question"
                       r"|about)\(|QMessageBox\(")


def test_no_label_or_message_box_in_ui_guesses_the_text_format():
    found = [f"{path.name}:{n}: {line.strip()}"
             for path in sorted(UI.rglob("*.py")) if path.name not in HELPERS
             for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if FORBIDDEN.search(line)]
    assert found == []


def test_the_helpers_show_markup_as_typed(qtbot):
    from ui.common.dialogs import message_box
    from ui.common.plain_label import PlainLabel, markup, plain_tip, rich_label

    hostile = '<b>X</b><a href="https://evil.example/">bấm</a>'
    label = PlainLabel(hostile)
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText and label.text() == hostile
    mixed = rich_label(markup("<b>Người nộp:</b> {}", hostile))
    qtbot.addWidget(mixed)
    assert "<b>Người nộp:</b> &lt;b&gt;X&lt;/b&gt;&lt;a href=" in mixed.text()
    assert plain_tip(hostile).startswith("<qt>&lt;b&gt;X")
    from PySide6.QtWidgets import QMessageBox

    box = message_box(None, QMessageBox.Icon.Warning, "Lỗi", hostile)
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText and box.text() == hostile
