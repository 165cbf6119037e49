"""One way to write a file (counter_app/atomic_file.py): whatever happens during the write
(a full disk, a failed rename, the process killed), the file holds the old content or the
new, never a mix, and no temporary file is left beside it."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counter_app import atomic_file
from counter_app.atomic_file import create_file, replace_file

OLD = b"old " * 50_000
NEW = b"new " * 50_000


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.suffix == ".tmp"]


def test_replace_file_puts_the_new_content_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "settings.json"
    path.write_bytes(OLD)
    replace_file(path, NEW)
    assert path.read_bytes() == NEW
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_keeps_the_old_content(tmp_path, monkeypatch, failing):
    path = tmp_path / "catalogue.json"
    path.write_bytes(OLD)

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_file.os, failing, disk_full)
    with pytest.raises(OSError):
        replace_file(path, NEW)
    monkeypatch.undo()
    assert path.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_the_file_and_its_folder_are_fsynced(tmp_path, monkeypatch):
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(atomic_file.os, "fsync", fsync)
    replace_file(tmp_path / "office-ca.pem", NEW)
    expected = ["file"] if sys.platform == "win32" else ["file", "folder"]
    assert synced == expected


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file mode")
def test_the_file_is_owner_only(tmp_path):
    old = os.umask(0)
    try:
        replace_file(tmp_path / "pending-voids.json", NEW)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "pending-voids.json").stat().st_mode) == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_process_killed_mid_write_leaves_the_old_or_the_new_content(tmp_path):
    path = tmp_path / "cache.bin"
    path.write_bytes(OLD)
    writer = ("import sys\nfrom pathlib import Path\nfrom counter_app.atomic_file import replace_file\n"
              "path = Path(sys.argv[1])\nprint('ready', flush=True)\n"
              "while True:\n"
              "    replace_file(path, b'new ' * 50_000)\n    replace_file(path, b'old ' * 50_000)\n")
    root = Path(__file__).resolve().parents[2]
    for delay in (0.05, 0.1, 0.15, 0.2, 0.3):
        proc = subprocess.Popen([sys.executable, "-c", writer, str(path)], cwd=root,
                                stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(root)})
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        assert path.read_bytes() in (OLD, NEW)


def test_create_file_never_replaces_an_existing_file(tmp_path):
    path = tmp_path / "outbox.key"
    create_file(path, OLD)
    with pytest.raises(FileExistsError):
        create_file(path, NEW)
    assert path.read_bytes() == OLD
    assert leftovers(tmp_path) == []
