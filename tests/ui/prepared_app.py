"""The test QApplication as main.py prepares it (look, Qt's texts in Vietnamese), and put
back as it was afterwards so other tests see Qt's defaults."""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtWidgets import QApplication


@contextmanager
def prepared_app():
    import main
    from ui.common import qt_translations

    app = QApplication.instance()
    before = (app.styleSheet(), app.font(), app.style().name())
    translators = main._prepare_app(app)
    try:
        yield app
    finally:
        qt_translations.uninstall(app, translators)
        sheet, font, style = before
        app.setStyleSheet(sheet)
        app.setFont(font)
        app.setStyle(style)
