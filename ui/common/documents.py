"""Where a save dialog opens: the user's Documents folder, as every office program does."""

from __future__ import annotations

import os

from PySide6.QtCore import QStandardPaths


def suggested_path(filename: str) -> str:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if not folder or not os.path.isdir(folder):  # a fresh Linux account may have none yet
        folder = os.path.expanduser("~")
    return os.path.join(folder, filename)
