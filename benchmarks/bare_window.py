"""Baseline for the start-up figure: a bare PySide6 window, timed the same way as the app."""

import time

T0 = time.perf_counter()

import sys  # noqa: E402

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

app = QApplication(sys.argv[:1])
window = QLabel("Một cửa")
window.resize(460, 300)


class Probe(QObject):
    def eventFilter(self, obj, event):
        if obj is window and event.type() == QEvent.Type.Paint:
            print(f"painted {time.perf_counter() - T0:.4f}", flush=True)
            window.removeEventFilter(self)
            QTimer.singleShot(0, app.quit)
        return False


probe = Probe()
window.installEventFilter(probe)
window.show()
sys.exit(app.exec())
