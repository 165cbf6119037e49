"""Qt's own dialogs speak Vietnamese: message-box buttons, file dialogs; save dialogs open
in the user's Documents folder (tests/e2e/test_counter_screen.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

import resources
from tests.ui.prepared_app import prepared_app

SB = QMessageBox.StandardButton


def test_message_box_buttons_are_vietnamese_in_every_window_entry(qtbot):
    with prepared_app():  # what main.py runs for the counter, the kiosk and the display
        box = QMessageBox(QMessageBox.Icon.Question, "Hỏi", "Lưu?", SB.Yes | SB.No | SB.Cancel)
        qtbot.addWidget(box)
        texts = [box.button(b).text().replace("&", "") for b in (SB.Yes, SB.No, SB.Cancel)]
        assert texts == ["Có", "Không", "Hủy"]
    box = QMessageBox(QMessageBox.Icon.Question, "Hỏi", "Lưu?", SB.Yes)
    qtbot.addWidget(box)
    assert box.button(SB.Yes).text().replace("&", "") == "Yes"  # put back for other tests


def test_file_dialog_labels_are_vietnamese(qtbot):
    from PySide6.QtWidgets import QFileDialog, QLabel

    with prepared_app():
        dialog = QFileDialog(None, "Lưu", "", "CSV (*.csv)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        qtbot.addWidget(dialog)
        labels = {w.text() for w in dialog.findChildren(QLabel)}
        assert {"&Tìm trong:", "&Tên tệp:", "&Loại tệp:"} <= labels


def test_compiled_translation_matches_its_source(tmp_path):
    """The .qm shipped is the .ts in the repository, compiled: no edit left uncompiled."""
    tool = shutil.which("pyside6-lrelease", path=os.path.dirname(sys.executable))
    if tool is None:
        pytest.skip("pyside6-lrelease not installed")
    source = resources.path("translations", "qtbase_vi.ts")
    out = tmp_path / "qtbase_vi.qm"
    subprocess.run([tool, str(source), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == resources.path("translations", "qtbase_vi.qm").read_bytes()
