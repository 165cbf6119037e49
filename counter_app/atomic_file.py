"""Write a file so that a crash or a full disk leaves the old content or the new, never half.

The bytes go to a temporary file in the same folder (created 0600 and exclusively by
tempfile.mkstemp), are fsync'ed, then renamed into place, and the folder is fsync'ed so
the rename itself survives a power cut. Without the first fsync a crash soon after the
rename can leave an empty file under the real name (file systems that delay
allocation, such as XFS or ext4 without auto_da_alloc); without the second the
file can come back as the old one after the counter already acted on the new one.

It lives at the top of `counter_app`, beside paths.py and settings.py, because its users
sit in three layers: the core's settings, the client (catalogue cache, office CA, pending
voids, outbox key) and printing (python-escpos capability cache). It does I/O, so it does
not belong in `counter_app.domain` (pure rules), and printing may not import
`counter_app.client` (import contracts in pyproject.toml). It imports only the standard
library, so every layer may import it without pulling in anything else.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

# A folder on some network or FUSE file systems cannot be fsync'ed; the rename still happened.
_UNSYNCABLE_FOLDER = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EBADF, errno.EACCES})


def replace_file(path: Path, data: bytes) -> None:
    """Put `data` at `path`, replacing whatever file was there."""
    tmp = _write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def create_file(path: Path, data: bytes) -> None:
    """Put `data` at `path` only if no file is there yet, else raise FileExistsError.

    For a file that must never be overwritten (the outbox key): when two processes create
    it at once, one wins and the other reads the winner's file. link(2) and the Windows
    rename both refuse an existing target, unlike os.replace.
    """
    tmp = _write_temp(path, data)
    try:
        if sys.platform == "win32":
            os.rename(tmp, path)
        else:
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename or link inside `folder` durable (a no-op on Windows, which cannot)."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _UNSYNCABLE_FOLDER:
            raise
    finally:
        os.close(fd)


def _write_temp(path: Path, data: bytes) -> Path:
    import tempfile  # here, not at the top: settings.py imports this module at start-up

    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp
