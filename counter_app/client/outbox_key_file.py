"""The outbox key in a file of the app's data folder, for PCs without an OS keyring.

The file is the only copy of the key: without it the rows waiting in the outbox cannot
be read, so it is written once, atomically (a 0600 temp file, fsync, then a link that
fails when another process already made the key: two first starts keep one key), and
never replaced. On Windows the bytes are protected with DPAPI (only this Windows account
on this PC can unprotect them); elsewhere the file is readable by its owner only, created
so (counter_app/atomic_file.py opens it 0600), not chmod'ed afterwards.

The file says which protection it uses and carries a check value of the key, so a
truncated, damaged or foreign file is told apart from a missing one: only a missing file
may be created.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, cast

from counter_app.atomic_file import create_file

log = logging.getLogger(__name__)

FILE_NAME = "outbox.key"
MAGIC = b"counter-app outbox key v1"


class KeyFileError(Exception):
    """The key file exists but gives no key; `reason` is Vietnamese, for the alarm."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


class Protector(Protocol):
    name: str

    def protect(self, data: bytes) -> bytes: ...

    def unprotect(self, data: bytes) -> bytes: ...


class OwnerOnly:
    """POSIX: the bytes as they are; the 0600 mode is the protection."""

    name = "owner-only"

    def protect(self, data: bytes) -> bytes:
        return data

    def unprotect(self, data: bytes) -> bytes:
        return data


class Dpapi:
    """Windows DPAPI through pywin32; the functions can be injected (tests, other OS)."""

    name = "dpapi"

    def __init__(self, protect_fn: Callable[[bytes], bytes] | None = None,
                 unprotect_fn: Callable[[bytes], bytes] | None = None) -> None:
        self._protect = protect_fn or _dpapi_protect
        self._unprotect = unprotect_fn or _dpapi_unprotect

    def protect(self, data: bytes) -> bytes:
        return bytes(self._protect(data))

    def unprotect(self, data: bytes) -> bytes:
        return bytes(self._unprotect(data))


# typeshed's pywin32 stubs leave these two unannotated (pywin32 takes and returns bytes,
# the second one with its description): the casts say what they are.
def _dpapi_protect(data: bytes) -> bytes:
    import win32crypt  # pywin32: a Windows-only dependency

    return bytes(cast(bytes, win32crypt.CryptProtectData(  # pyright: ignore[reportUnknownMemberType]
        data, "counter-app outbox key", None, None, None, 0)))


def _dpapi_unprotect(data: bytes) -> bytes:
    import win32crypt

    got = win32crypt.CryptUnprotectData(  # pyright: ignore[reportUnknownMemberType]
        data, None, None, None, 0)
    return bytes(cast(tuple[str, bytes], got)[1])


def default_protector() -> Protector:
    if sys.platform == "win32":
        try:
            return Dpapi()
        except ImportError:
            log.error("pywin32 missing: the outbox key file is protected by the folder's "
                      "permissions only")
    return OwnerOnly()


def check_value(key: bytes) -> str:
    return hashlib.sha256(b"counter-app outbox key check|" + key).hexdigest()[:16]


def encode(key: bytes, protector: Protector) -> bytes:
    sealed = base64.b64encode(protector.protect(key))
    return b"\n".join([MAGIC + b" " + protector.name.encode("ascii"), sealed,
                       check_value(key).encode("ascii"), b""])


def read_key(path: Path, protectors: dict[str, Protector]) -> bytes | None:
    """The key, None when there is no file, KeyFileError when the file gives no key."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KeyFileError("tệp khóa không mở được", f"{type(exc).__name__}: {exc}") from exc
    lines = raw.split(b"\n")
    if len(lines) < 3 or not lines[0].startswith(MAGIC + b" "):
        raise KeyFileError("tệp khóa bị hỏng", f"{path} is not an outbox key file "
                                                f"({len(raw)} bytes)")
    scheme = lines[0][len(MAGIC) + 1:].decode("ascii", "replace")
    protector = protectors.get(scheme)
    if protector is None:
        raise KeyFileError("tệp khóa được bảo vệ theo cách máy này không mở được",
                           f"unknown protection {scheme!r}")
    try:
        key = protector.unprotect(base64.b64decode(lines[1], validate=True))
    except binascii.Error as exc:
        raise KeyFileError("tệp khóa bị hỏng", f"bad base64: {exc}") from exc
    except Exception as exc:  # DPAPI: another account, another PC, damaged blob
        raise KeyFileError("Windows không giải mã được tệp khóa (DPAPI)",
                           f"{scheme} unprotect failed: {type(exc).__name__}: {exc}") from exc
    if len(key) != 32 or check_value(key).encode("ascii") != lines[2].strip():
        raise KeyFileError("tệp khóa bị hỏng", "the key does not match its check value")
    return key


def create_key(path: Path, key: bytes, protector: Protector,
               protectors: dict[str, Protector]) -> bytes:
    """Write `key` unless a key file appeared meanwhile; returns the key in the file."""
    try:
        create_file(path, encode(key, protector))
    except FileExistsError:
        log.info("another process made the outbox key file first; using its key")
    got = read_key(path, protectors)
    if got is None:
        raise KeyFileError("tệp khóa không ghi được", f"{path} vanished after it was written")
    return got
