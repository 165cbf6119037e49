"""Calm, high-contrast look for a screen a clerk watches all day; one stylesheet."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

import resources

OK = "#1b7f3b"
WARN = "#b35c00"
BAD = "#b3261e"
MUTED = "#5f6368"
ACCENT = "#0b57d0"

STYLESHEET = f"""
QWidget {{ font-size: 14px; color: #1f1f1f; }}
QMainWindow, QDialog, #LoginWindow {{ background: #f6f8fb; }}
QGroupBox {{ background: white; border: 1px solid #d6dbe3; border-radius: 8px;
             margin-top: 14px; padding: 10px 6px 8px 6px; font-weight: 600; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 12px; padding: 0 4px; color: #2a3a55; }}
QLineEdit, QPlainTextEdit {{
    background: white; border: 1px solid #c4cad4; border-radius: 6px; padding: 5px 7px; }}
QLineEdit:focus {{ border: 2px solid {ACCENT}; }}
QComboBox, QSpinBox {{ min-height: 26px; }}
QLineEdit[invalid="true"] {{ border: 2px solid {BAD}; background: #fff6f5; }}
QLineEdit[mismatch="true"] {{ border: 2px solid {WARN}; background: #fff8ef; }}
QPushButton {{ background: white; border: 1px solid #b7c0cc; border-radius: 6px;
               padding: 6px 10px; }}
QPushButton:hover {{ background: #eef3fb; }}
QPushButton:disabled {{ color: #9aa0a6; background: #f1f3f4; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border: none; font-weight: 600; }}
QPushButton#primary:hover {{ background: #0a4fbd; }}
QPushButton#primary:disabled {{ background: #9fb8e6; }}
QLabel#fieldError {{ color: {BAD}; font-size: 12px; }}
QLabel#hint {{ color: {MUTED}; font-size: 12px; }}
QLabel#title {{ font-size: 22px; font-weight: 700; color: #1a2b4c; }}
QLabel#dossierCode {{ font-size: 19px; font-weight: 700; color: {ACCENT}; }}
QFrame#banner {{ border-radius: 8px; padding: 6px; }}
QStatusBar {{ background: #e9edf3; }}
QStatusBar QLabel {{ padding: 0 8px; }}
QTableWidget {{ background: white; border: 1px solid #d6dbe3; border-radius: 6px; }}
"""


def apply(app: QApplication) -> None:
    # Segoe UI covers Vietnamese on Windows; elsewhere ship our own font so every letter
    # shows the same way on every counter.
    if sys.platform == "win32":
        family = "Segoe UI"
    else:
        QFontDatabase.addApplicationFont(str(resources.font()))
        QFontDatabase.addApplicationFont(str(resources.font(bold=True)))
        family = "DejaVu Sans"
    app.setStyle("Fusion")  # the same calm look on Windows 10, 11 and Linux
    app.setFont(QFont(family, 10))
    app.setStyleSheet(STYLESHEET)
