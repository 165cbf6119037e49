"""Composition root: read settings, start the embedded backend when none is configured,
open the right window. `counter-app` (console script) and `python main.py` land here.

Imports are deferred into each command so the login window paints as early as possible.
"""

from __future__ import annotations

import os
import sys
import time

_T0 = time.perf_counter()

COMMANDS = ("run", "serve", "admin", "dossier", "demo-data", "print-sample", "digitize",
            "kiosk", "display", "backup", "restore")
# Commands whose own parser takes the rest of the line.
DELEGATED = {
    "serve": ("backend.cli", "main", "serve"),
    "admin": ("backend.cli", "main", "admin"),
    "dossier": ("backend.cli", "main", "dossier"),
    "backup": ("backend.cli", "main", "backup"),
    "restore": ("backend.cli", "main", "restore"),
    "demo-data": ("backend.demo_history", "main", None),
    "print-sample": ("printing.cli", "main", "print-sample"),
    "digitize": ("counter_app.digitize.cli", "main", None),
}


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
    for name, text in (("kiosk", "máy lấy số tự phục vụ (toàn màn hình)"),
                       ("display", "màn hình gọi số ở sảnh chờ")):
        device = sub.add_parser(name, help=text)
        device.add_argument("--backend", help="địa chỉ máy chủ; bỏ trống = máy chủ nội bộ")
        device.add_argument("--home", help="thư mục dữ liệu riêng")
    sub.choices["kiosk"].add_argument(
        "--set-pin", action="store_true",
        help="đặt mã PIN quản trị (nhập hai lần, chỉ lưu mã băm) rồi thoát")
    sub.add_parser("serve", help="chạy riêng máy chủ tham chiếu cho mạng LAN của cơ quan",
                   add_help=False)
    sub.add_parser("admin", help="quản trị cơ quan, quầy, dịch vụ, tài khoản", add_help=False)
    sub.add_parser("dossier", help="chuyển trạng thái hồ sơ (trình diễn, bộ phận xử lý)",
                   add_help=False)
    sub.add_parser("demo-data", help="tạo một năm dữ liệu mẫu cho thống kê; --reset: xóa dữ "
                   "liệu mẫu và bắt đầu lại", add_help=False)
    sub.add_parser("backup", help="sao lưu cơ sở dữ liệu của máy chủ", add_help=False)
    sub.add_parser("restore", help="khôi phục cơ sở dữ liệu từ bản sao lưu", add_help=False)
    sub.add_parser("print-sample", help="ghi ra tệp đúng các byte máy in nhận cho một mẫu in",
                   add_help=False)
    sub.add_parser("digitize", help="số hóa giấy tờ: ảnh quét thành PDF/A-2b đã ký số",
                   add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:  # the clerk's double-click: skip argparse, it costs ~12 ms of start-up
        from types import SimpleNamespace

        return run_counter(SimpleNamespace(command="run", backend=None, home=None))
    if argv[:1] == ["demo-data"] and "--reset" in argv:
        return _reset_demo(argv[1:])
    if argv[0] in DELEGATED:
        import importlib

        module, func, command = DELEGATED[argv[0]]
        rest = argv[1:] if command is None else [command, *argv[1:]]
        if argv[0] == "demo-data" and not any(a.startswith("--database") for a in rest):
            # Without --database the history goes where `counter-app` (demo) looks for it.
            from counter_app import paths

            rest += ["--database", str(paths.data_dir() / "embedded" / "backend.sqlite3")]
        return getattr(importlib.import_module(module), func)(rest)
    if not argv or argv[0] not in COMMANDS and argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["run", *argv]
    args = _parser().parse_args(argv)
    if args.command in (None, "run"):
        return run_counter(args)
    if args.command in ("kiosk", "display"):
        return run_device(args)
    return 2


def _reset_demo(argv: list[str]) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="counter-app demo-data --reset",
                                description="Xóa dữ liệu mẫu trên máy này và tạo lại từ đầu.")
    p.add_argument("--reset", action="store_true", required=True)
    p.add_argument("--yes", action="store_true", help="không hỏi lại")
    p.add_argument("--home", help="thư mục dữ liệu riêng (thay cho thư mục người dùng)")
    args = p.parse_args(argv)
    if args.home:
        os.environ["COUNTER_APP_HOME"] = args.home
    from counter_app import settings as S
    from counter_app.demo_reset import reset_demo
    from counter_app.settings import Settings

    return reset_demo(yes=args.yes, office_configured=bool(Settings().get(S.BACKEND_URL)))


def run_counter(args) -> int:
    if getattr(args, "home", None):
        os.environ["COUNTER_APP_HOME"] = args.home
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("counter-app")
    QApplication.setApplicationDisplayName("Một cửa")  # static: instance() is typed QCoreApplication

    from counter_app.settings import Settings
    from ui.app import CounterController

    _prepare_app(app)
    settings = Settings()
    start_backend, embedded = _backend_starter(args, settings)
    from counter_app import settings as S

    # An office server that does not answer: the saved session may reopen the counter.
    configured = bool(getattr(args, "backend", None) or settings.get(S.BACKEND_URL))
    controller = CounterController(settings, start_backend, offline_resume=configured)
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


def run_device(args) -> int:
    """The kiosk or the lobby display: their own full-screen window, same backend rules."""
    if getattr(args, "home", None):
        os.environ["COUNTER_APP_HOME"] = args.home
    if getattr(args, "set_pin", False):
        from counter_app.kiosk_pin import set_pin_from_terminal
        from counter_app.settings import Settings

        return set_pin_from_terminal(Settings())
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(f"counter-app-{args.command}")
    from counter_app.settings import Settings

    _prepare_app(app)
    settings = Settings()
    start_backend, embedded = _backend_starter(args, settings)
    QTimer.singleShot(0, lambda: _configure_logging(args.command))
    try:
        if args.command == "kiosk":
            from ui.kiosk.kiosk_app import run_kiosk

            return run_kiosk(settings, start_backend)
        from ui.display.display_app import run_display

        return run_display(settings, start_backend)
    finally:
        for backend in embedded:
            backend.stop()


def _prepare_app(app) -> list:
    """Every window entry (counter with its admin and statistics windows, kiosk, display):
    one look, and Qt's own dialogs and buttons in Vietnamese."""
    from ui.common import qt_translations, style

    style.apply(app)
    return qt_translations.install(app)


def _backend_starter(args, settings):
    """How this process reaches its backend: configured URL, an embedded one already run by
    another window on this PC (kiosk, display and counter share it), or a new one."""
    from counter_app import settings as S

    backend_url = getattr(args, "backend", None) or settings.get(S.BACKEND_URL)
    embedded: list = []

    def start_backend() -> tuple[str, str]:
        """Runs on a pool thread after the first window has painted."""
        if backend_url:
            return backend_url, backend_url
        from counter_app import paths
        from counter_app.embedded import EmbeddedBackend, running_backend

        folder = paths.data_dir() / "embedded"
        shared = running_backend(folder)
        if shared:
            return shared, "nội bộ (dùng chung trên máy này)"
        demo = settings.get(S.EMBEDDED_DEMO)
        embedded.append(EmbeddedBackend(folder, demo=demo))
        return embedded[0].start(), "nội bộ, dữ liệu mẫu" if demo else "nội bộ"

    return start_backend, embedded


def _configure_logging(name: str = "counter") -> None:
    # After the first paint: logging.handlers and the log folder cost ~20 ms of start-up.
    import logging

    from counter_app import logging_setup

    log_file = logging_setup.configure(name)
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
    import multiprocessing

    multiprocessing.freeze_support()  # the PDF worker (counter_app/digitize/build_process.py)
    sys.exit(main())
