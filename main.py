"""Composition root: read settings, start the embedded backend when none is configured,
open the right window. `counter-app` (console script) and `python main.py` land here.

Imports are deferred into each command so the login window paints as early as possible.
"""

from __future__ import annotations

import os
import sys
import time

_T0 = time.perf_counter()

COMMANDS = ("run", "serve")


def _parser():
    import argparse

    p = argparse.ArgumentParser(
        prog="counter-app",
        description="Phần mềm quầy Một cửa: tiếp nhận hồ sơ, xác thực CCCD, in biên nhận.",
    )
    sub = p.add_subparsers(dest="command")
    run = sub.add_parser("run", help="mở cửa sổ quầy (mặc định)")
    run.add_argument("--backend", help="địa chỉ máy chủ, vd. https://motcua.example.vn; "
                     "bỏ trống để chạy máy chủ nội bộ với dữ liệu mẫu")
    run.add_argument("--home", help="thư mục dữ liệu riêng (thay cho thư mục người dùng)")
    sub.add_parser("serve", help="chạy riêng máy chủ tham chiếu cho mạng LAN của cơ quan",
                   add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:  # the clerk's double-click: skip argparse, it costs ~12 ms of start-up
        from types import SimpleNamespace

        return run_counter(SimpleNamespace(command="run", backend=None, home=None))
    if argv and argv[0] == "serve":
        from backend.cli import main as serve_main

        return serve_main(["serve", *argv[1:]])
    if not argv or argv[0] not in COMMANDS and argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["run", *argv]
    args = _parser().parse_args(argv)
    if args.command in (None, "run"):
        return run_counter(args)
    return 2


def run_counter(args) -> int:
    if getattr(args, "home", None):
        os.environ["COUNTER_APP_HOME"] = args.home
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("counter-app")
    app.setApplicationDisplayName("Một cửa")

    from counter_app import settings as S
    from counter_app.settings import Settings
    from ui import style
    from ui.app import CounterController

    style.apply(app)
    settings = Settings()
    backend_url = getattr(args, "backend", None) or settings.get(S.BACKEND_URL)
    embedded = []

    def start_backend() -> tuple[str, str]:
        """Runs on a pool thread after the login window has painted."""
        if backend_url:
            return backend_url, backend_url
        from counter_app import paths
        from counter_app.embedded import EmbeddedBackend

        embedded.append(EmbeddedBackend(paths.data_dir() / "embedded", demo=True))
        return embedded[0].start(), "nội bộ, dữ liệu mẫu"

    controller = CounterController(settings, start_backend)
    probe = os.environ.get("COUNTER_APP_STARTUP_PROBE")
    if probe == "ready":
        _install_ready_probe(app, controller.login)
    elif probe:
        _install_startup_probe(app, controller.login)
    controller.start()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, _configure_logging)
    try:
        return app.exec()
    finally:
        controller.shutdown()
        for backend in embedded:
            backend.stop()


def _configure_logging() -> None:
    # After the first paint: logging.handlers and the log folder cost ~20 ms of start-up.
    import logging

    from counter_app import logging_setup

    log_file = logging_setup.configure("counter")
    logging.getLogger(__name__).info("counter started; log file %s", log_file)


def _install_ready_probe(app, login) -> None:
    """For tests: quit once the backend answers (login enabled), as a clerk closing the app."""
    from PySide6.QtCore import QTimer

    timer = QTimer(login)

    def check() -> None:
        if login.login_button.isEnabled():
            print(f"ready {time.perf_counter() - _T0:.4f}", flush=True)
            timer.stop()
            QTimer.singleShot(0, app.quit)

    timer.timeout.connect(check)
    timer.start(50)


def _install_startup_probe(app, window) -> None:
    """For benchmarks: print the time of the login window's first paint, then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Probe(QObject):
        def eventFilter(self, obj, event):
            if obj is window and event.type() == QEvent.Type.Paint:
                print(f"painted {time.perf_counter() - _T0:.4f}", flush=True)
                window.removeEventFilter(self)
                QTimer.singleShot(0, app.quit)
            return False

    probe = Probe(window)
    window.installEventFilter(probe)


if __name__ == "__main__":
    sys.exit(main())
