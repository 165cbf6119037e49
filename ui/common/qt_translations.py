"""Qt's own texts in Vietnamese: message-box buttons (Có / Không / Hủy), file dialogs, the
right-click menu of text fields.

Qt ships no qtbase_vi.qm; ours is resources/translations/qtbase_vi.ts, compiled to the .qm
beside it (pyside6-lrelease, checked by tests/ui/test_qt_translations.py). A qtbase_vi.qm
that a later Qt ships is loaded too, under ours.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication

import resources

log = logging.getLogger(__name__)
_installed: list[QTranslator] = []  # QCoreApplication does not own them: keep them alive


def install(app: QApplication) -> list[QTranslator]:
    folders = (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
               str(resources.path("translations")))
    loaded = []
    for folder in folders:  # the last installed is asked first: ours over Qt's
        translator = QTranslator(app)
        if translator.load("qtbase_vi", folder):
            app.installTranslator(translator)
            loaded.append(translator)
    if not loaded:
        log.warning("no Vietnamese translation of Qt's dialogs found in %s", folders)
    _installed.extend(loaded)
    return loaded


def uninstall(app: QApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
        if translator in _installed:
            _installed.remove(translator)
