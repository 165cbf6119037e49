"""The app as a clerk starts it: `python main.py` with no backend configured."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purpose: check its state on Linux.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "zombie" in status.read_text())


def test_embedded_backend_starts_with_demo_data_and_stops_on_exit(tmp_path):
    env = dict(os.environ, COUNTER_APP_HOME=str(tmp_path), COUNTER_APP_STARTUP_PROBE="ready",
               QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=90)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("ready")
    log = (tmp_path / "logs" / "counter.log").read_text(encoding="utf-8")
    found = re.search(r"embedded backend ready at http://127\.0\.0\.1:(\d+) \(pid (\d+)\)", log)
    assert found, log[-2000:]
    port, pid = int(found.group(1)), int(found.group(2))
    assert (tmp_path / "data" / "embedded" / "backend.sqlite3").exists()  # user data folder
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), "the embedded backend outlived the app"
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass
