"""The real backend app served by uvicorn on loopback inside the test process, so a test
can hold its objects: the clock it reads (a ManualClock the test moves instead of sleeping),
its login throttle, its broadcaster. Requests still go over real HTTP."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counter_app.domain.clock import ManualClock
from counter_app.embedded import free_port
from tests.backend.conftest import Api


@dataclass
class _Where:
    base_url: str
    data_dir: Path


@contextmanager
def serve(data_dir: Path, *, demo: bool = True,
          database_url: str | None = None) -> Iterator[tuple[Api, Any, ManualClock]]:
    """(Api for requests, the FastAPI app, its clock) while the server runs; on SQLite in
    data_dir unless a database_url (a PostgreSQL one) is given."""
    import uvicorn

    from backend.app import create_app
    from backend.db import Database
    from backend.settings import Settings
    from backend.startup import prepare_database

    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = database_url or f"sqlite:///{data_dir / 'backend.sqlite3'}"
    settings = Settings(database_url=url, port=port, demo=demo)
    db = Database(url)
    prepare_database(db, settings)
    app = create_app(settings, db)
    app.state.clock = clock = ManualClock()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None,
                                           access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the in-process backend did not start")
            thread.join(0.02)  # waiting for a socket to be ready, not for time to pass
        yield Api(_Where(f"http://127.0.0.1:{port}", data_dir)), app, clock
    finally:
        app.state.broadcaster.close()
        server.should_exit = True
        thread.join(10)
        db.dispose()
