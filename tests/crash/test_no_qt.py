"""The crash driver proves the counter's own save-then-print code (counter_app.desk), not a
copy: so it must run where Qt is not even importable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
sys.modules["PySide6"] = None  # any import of Qt now raises ImportError
import tests.crash.driver as driver
driver._warm_up({"printer_file": sys.argv[1], "outbox_key": "00" * 32})
import counter_app.desk.reception
assert driver.counter.__code__.co_names.count("receive_then_print") == 1
print("ok")
"""


def test_the_driver_runs_the_desk_code_without_qt(tmp_path):
    out = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "printer.bin")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
