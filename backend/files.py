"""Files that hold applicants' personal data (the SQLite database, backups) are created
readable by their owner only. On Windows the mode bits mean little; the data folder sits
in the user's own profile (%LOCALAPPDATA%), whose ACLs already keep other users out."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def create_private(path: Path) -> None:
    """Create an empty file that only its owner can read; an existing file is tightened."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    except FileExistsError:
        tighten(path)
    else:
        os.close(fd)


def tighten(path: Path) -> None:
    """Drop group and other permissions from a file made before this rule (POSIX only)."""
    if os.name == "nt" or not path.exists():
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        os.chmod(path, mode & ~0o077)


def private_sqlite(path: Path) -> None:
    """The database and its write-ahead log and shared-memory files (SQLite gives those
    the database file's own mode when it creates them)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    create_private(path)
    for extra in ("-wal", "-shm", "-journal"):
        tighten(path.with_name(path.name + extra))
