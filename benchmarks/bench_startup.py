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


def _time_to_paint(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stdout:
            if line.startswith("painted"):
                return time.perf_counter() - started
        raise RuntimeError(f"{cmd} never painted (exit {proc.wait()})")
    finally:
        proc.wait(timeout=30)


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
        Figure("start-up: bare PySide6 window (median)", bare * 1000, "ms"),
        Figure("start-up: login window painted (median)", app * 1000, "ms"),
        Figure("start-up ratio app / bare window", app / bare, "×", 1.6,
               f"{rounds} alternated runs, {env.get('QT_QPA_PLATFORM', 'xcb')}"),
    ]
