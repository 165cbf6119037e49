"""The real backend app in this process, over real HTTP on loopback, on a ManualClock.

Timing tests (token and session lifetimes) run against it and move the clock instead of
sleeping: a backend in another process keeps the PC's time, and sleeping for a token to
expire failed on a loaded 2-core machine. Same database file, migrations, demo seed and
routes as `python -m backend serve`; only the clock differs.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn

from counter_app.domain.clock import ManualClock


class ClockedBackend:
    def __init__(self, data_dir: Path, clock: ManualClock, *, demo: bool = True,
                 token_ttl_minutes: float = 2 * 60, session_max_hours: float = 12.0) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock
        self.demo = demo
        self.token_ttl_minutes = token_ttl_minutes
        self.session_max_hours = session_max_hours
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._db = None
        self._app = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> str:
        from backend.app import create_app
        from backend.db import Database
        from backend.settings import Settings, database_url
        from backend.startup import prepare_database

        self.data_dir.mkdir(parents=True, exist_ok=True)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))  # bound before the thread starts: no port race
        self.port = sock.getsockname()[1]
        settings = Settings(database_url=database_url(self.data_dir / "backend.sqlite3"),
                            port=self.port, demo=self.demo, log_level="warning",
                            token_ttl_minutes=self.token_ttl_minutes,
                            session_max_hours=self.session_max_hours)
        self._db = Database(settings.database_url)
        prepare_database(self._db, settings)
        self._app = app = create_app(settings, self._db, clock=self.clock)
        self._server = uvicorn.Server(uvicorn.Config(
            app, log_level="warning", access_log=False, log_config=None, lifespan="on"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name="clocked-backend", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:  # polling for the socket to be served, not for time
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the in-process backend did not start")
            time.sleep(0.01)
        return self.base_url

    def stop(self) -> None:
        if self._server is None:
            return
        self._app.state.broadcaster.close()  # open event streams would hold the stop
        self._server.should_exit = True
        self._thread.join(15)
        self._server = None
        self._db.dispose()
