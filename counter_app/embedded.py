"""Run the reference backend as a child process on a free loopback port.

Used when no backend is configured (a one-PC office, the demo) and by the tests, which
need the real server over real HTTP. The backend is started as `python -m backend`, so
this module never imports it (docs/architecture.md: only main.py knows both sides).
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class EmbeddedBackendError(RuntimeError):
    """The child backend could not be started; the message is for the clerk."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER_FILE = "server.json"


def running_backend(data_dir: Path, timeout: float = 1.0) -> str | None:
    """The URL of an embedded backend another window on this PC already runs, if it answers."""
    import json

    import httpx

    try:
        info = json.loads((Path(data_dir) / SERVER_FILE).read_text(encoding="utf-8"))
        url = str(info["url"])
        if httpx.get(url + "/api/v1/health", timeout=timeout).status_code == 200:
            return url
    except (OSError, ValueError, KeyError, httpx.HTTPError):
        return None
    return None


class EmbeddedBackend:
    def __init__(
        self,
        data_dir: Path,
        *,
        demo: bool = True,
        port: int | None = None,
        extra_args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
        tls: bool = False,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.demo = demo
        self.port = port
        self.extra_args = extra_args
        self.env = env
        # HTTPS on loopback with the office CA made in data_dir/tls (the LAN setup, tested)
        self.tls = tls
        self.process: subprocess.Popen[bytes] | None = None
        self._log_file = None
        self._closed = False  # stop() may run before a slow start() spawns: never spawn after

    @property
    def database_path(self) -> Path:
        return self.data_dir / "backend.sqlite3"

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def ca_file(self) -> Path:
        return self.data_dir / "tls" / "office-ca.pem"

    def command(self) -> list[str]:
        cmd = [
            sys.executable, "-m", "backend", "serve",
            "--host", "127.0.0.1", "--port", str(self.port),
            "--database", str(self.database_path),
        ]
        if self.demo:
            cmd.append("--demo")
        if self.tls:
            cmd += ["--tls", "on", "--tls-dir", str(self.ca_file.parent)]
        return [*cmd, *self.extra_args]

    def start(self, timeout: float = 30.0) -> str:
        """Start the child and wait until /api/v1/health answers; returns the base URL."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        for attempt in range(3):
            if self.port is None or attempt:
                self.port = free_port()
            pid = self._spawn().pid
            try:
                self._wait_healthy(timeout)
                self._publish(pid)
                log.info("embedded backend ready at %s (pid %s)", self.base_url, pid)
                return self.base_url
            except EmbeddedBackendError:
                code = self.process.poll() if self.process else None
                self._terminate()
                if code is None or attempt == 2:
                    raise
                log.warning("embedded backend exited with %s, retrying on another port", code)
        raise EmbeddedBackendError("Không khởi động được máy chủ nội bộ.")

    def _publish(self, pid: int) -> None:
        """Let the kiosk and the display on this PC find and share this backend."""
        import json

        try:
            (self.data_dir / SERVER_FILE).write_text(
                json.dumps({"url": self.base_url, "pid": pid}), encoding="utf-8")
        except OSError as exc:
            log.warning("could not publish the embedded backend address: %s", exc)

    def _spawn(self) -> subprocess.Popen[bytes]:
        if self._closed:
            raise EmbeddedBackendError("Ứng dụng đang đóng; không khởi động máy chủ nội bộ.")
        root = Path(__file__).resolve().parent.parent
        env = dict(os.environ if self.env is None else self.env)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
        # The app's log level, when set (COUNTER_APP_LOG_LEVEL=DEBUG), is the embedded
        # backend's too: its log lands in backend.log beside its database.
        if env.get("COUNTER_APP_LOG_LEVEL"):
            env.setdefault("COUNTER_BACKEND_LOG_LEVEL", env["COUNTER_APP_LOG_LEVEL"])
        self._log_file = open(self.data_dir / "backend.log", "ab")
        flags = 0
        if sys.platform == "win32":
            flags = subprocess.CREATE_NO_WINDOW
        self.process = process = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=str(root),
            creationflags=flags,
        )
        return process

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        import httpx  # imported here: the app imports this module before its first paint

        url = self.base_url + "/api/v1/health"
        while self.tls and not self.ca_file.exists() and time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                break
            time.sleep(0.05)
        verify: Any = True
        if self.tls and self.ca_file.exists():
            import ssl

            verify = ssl.create_default_context(cafile=str(self.ca_file))
        with httpx.Client(timeout=httpx.Timeout(1.0), verify=verify) as client:
            while time.monotonic() < deadline:
                if self._closed:
                    self._terminate()
                    raise EmbeddedBackendError("Ứng dụng đang đóng; đã dừng máy chủ nội bộ.")
                if self.process is None or self.process.poll() is not None:
                    raise EmbeddedBackendError(
                        "Máy chủ nội bộ dừng ngay khi khởi động; xem backend.log trong thư mục dữ liệu."
                    )
                try:
                    if client.get(url).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        raise EmbeddedBackendError(f"Máy chủ nội bộ không phản hồi sau {timeout:.0f} giây.")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the child; also ends a start() still in progress on another thread."""
        self._closed = True
        self._terminate(timeout)

    def _terminate(self, timeout: float = 10.0) -> None:
        proc, self.process = self.process, None
        if proc is not None:
            (self.data_dir / SERVER_FILE).unlink(missing_ok=True)
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                log.warning("embedded backend did not stop in %.0fs; killing it", timeout)
                proc.kill()
                proc.wait(timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def __enter__(self) -> EmbeddedBackend:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
