"""Process start -> login window painted, as a ratio to a bare PySide6 window (target ≤ 1.6×).

Both are real processes started the same way, alternated, on the same platform plugin
(offscreen in CI, xcb under Xvfb when DISPLAY is set). The app starts its embedded
backend in the background exactly as a clerk's PC does.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.report import Figure

ROOT = Path(__file__).resolve().parent.parent


def _group() -> dict:
    # Its own process group, so the embedded backend it starts goes with it (issue 16: a
    # benchmark left a backend running after it ended).
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def _stop_tree(proc: subprocess.Popen) -> None:
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)],
                       capture_output=True, check=False)
    else:
        import signal

        try:
            os.killpg(proc.pid, signal.SIGTERM)  # whatever of the group is still alive
        except ProcessLookupError:
            pass
    proc.wait(timeout=30)


def _time_to_paint(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, **_group())
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("painted"):
                return time.perf_counter() - started
        raise RuntimeError(f"{cmd} never painted (exit {proc.wait()})")
    finally:
        _stop_tree(proc)


def run(rounds: int = 7) -> list[Figure]:
    env = dict(os.environ, COUNTER_APP_STARTUP_PROBE="1", PYTHONPATH=str(ROOT))
    if not env.get("DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    app_times, bare_times = [], []
    with tempfile.TemporaryDirectory() as home:
        env["COUNTER_APP_HOME"] = home
        # One warm-up each so both read Qt from the page cache, as on a PC used every day.
        _time_to_paint([sys.executable, "benchmarks/bare_window.py"], env)
        _time_to_paint([sys.executable, "main.py"], env)
        for _ in range(rounds):
            bare_times.append(_time_to_paint([sys.executable, "benchmarks/bare_window.py"], env))
            app_times.append(_time_to_paint([sys.executable, "main.py"], env))
    app, bare = statistics.median(app_times), statistics.median(bare_times)
    return [
        Figure("start-up: bare PySide6 window (median)", bare * 1000, "ms", baseline=True),
        Figure("start-up: login window painted (median)", app * 1000, "ms", 2000),
        Figure("start-up ratio app / bare window", app / bare, "×", 1.6,
               f"{rounds} alternated runs, {env.get('QT_QPA_PLATFORM', 'xcb')}"),
    ]
