"""python-escpos's capability cache in whatever state a crash or a race left it (issue 11,
item 9): the app starts and prints. Each start is a fresh process, because python-escpos
reads the cache once, at import."""

from __future__ import annotations

import os
import pickle
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from tests.printing.escpos_decode import decode

ROOT = Path(__file__).resolve().parents[2]
CACHE_NAME = f"{platform.python_version()}.capabilities.pickle"

# What the counter does at login (ui/printers/receipt_printer.py), then one receipt on the picture
# route through the real print queue into a file, as a USB printer would receive it.
CHILD = """
import sys
from pathlib import Path
from printing.escpos_lib import preload, use_capabilities_cache

use_capabilities_cache(Path(sys.argv[1]))
preload()
from printing.documents.receipt import demo_receipt, receipt_layout
from printing.jobs import PrintQueue
from printing.service import job_for
from printing.settings import PrinterSettings
from printing.transports import FileTransport

settings = PrinterSettings(kind="file", path=sys.argv[2], profile="TM-T20II")
data = demo_receipt()
queue = PrintQueue(FileTransport(sys.argv[2]), "cache-test")
job = queue.submit(job_for(settings, "receipt", data.job_title, receipt_layout(data))).result(60)
print(job.state.name)
queue.close()
"""


def start(cache: Path, out: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESCPOS_")}
    env.update(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "-c", CHILD, str(cache), str(out)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> str:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-3000:]
    return out


def assert_receipt_printed(out: Path) -> None:
    decoded = decode(out.read_bytes())
    assert decoded.names()[0] == "init" and "cut" in decoded.names()
    assert decoded.width_dots == 576 and decoded.image().size[1] > 500


def good_pickle() -> bytes:
    return pickle.dumps({"profiles": {"default": {}}, "encodings": {}}, protocol=2)


@pytest.mark.parametrize("content", [
    b"",  # created, then killed before python-escpos wrote anything
    b"\x00\xffnot a pickle at all\n" * 50,
    good_pickle()[:20],  # killed half-way through writing
], ids=["empty", "garbage", "truncated"])
def test_app_starts_and_prints_whatever_the_cache_holds(tmp_path, content):
    cache = tmp_path / "escpos"
    cache.mkdir()
    (cache / CACHE_NAME).write_bytes(content)
    out = tmp_path / "printer.bin"
    assert "DONE" in finish(start(cache, out))
    assert_receipt_printed(out)
    # Repaired for the next start, which then prints as well.
    assert pickle.loads((cache / CACHE_NAME).read_bytes())["profiles"]["TM-T20II"]
    out.unlink()
    assert "DONE" in finish(start(cache, out))
    assert_receipt_printed(out)


def test_two_first_starts_at_once(tmp_path):
    cache = tmp_path / "escpos"
    outs = [tmp_path / "a.bin", tmp_path / "b.bin"]
    procs = [start(cache, o) for o in outs]
    for proc, out in zip(procs, outs, strict=True):
        assert "DONE" in finish(proc)
        assert_receipt_printed(out)
    assert [p.name for p in cache.iterdir() if p.suffix == ".tmp"] == []


def test_an_unusable_cache_folder_means_no_cache_not_no_printing(tmp_path):
    blocker = tmp_path / "escpos"
    blocker.write_text("a file where the folder should be")
    out = tmp_path / "printer.bin"
    assert "DONE" in finish(start(blocker, out))
    assert_receipt_printed(out)
