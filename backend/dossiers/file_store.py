"""Digitised files, outside the database: laid out by SHA-256 (ab/cd/<hash>), encrypted at
rest with AES-256-GCM (the hash is the associated data, so a file moved under another name
does not decrypt), written atomically. The same file in two dossiers is stored once.

Uploads arrive in chunks (resumable: a lost answer or a dropped link resumes where the
backend got to) into `partial/`, and become a stored file only when the whole of it has
the SHA-256 the counter announced.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import logging
import os
import re
import threading
from pathlib import Path

from backend.errors import DomainError
from backend.files import PRIVATE_DIR, create_private

log = logging.getLogger(__name__)
HASH = re.compile(r"^[0-9a-f]{64}$")
KEY_FILE = "files.key"
NONCE = 12

OFFSET = "Đoạn tệp gửi lên không nối tiếp phần máy chủ đã nhận ({received} byte): gửi tiếp từ đó."
MISMATCH = "Tệp nhận được không khớp mã SHA-256 đã báo: tệp bị hỏng trên đường truyền, gửi lại."
INCOMPLETE = "Tệp chưa gửi đủ ({received}/{size} byte): gửi tiếp phần còn lại."
TOO_BIG = "Tệp quá lớn ({size} MB); một thành phần hồ sơ tối đa {most} MB."
DISK_FULL = ("Máy chủ hết chỗ lưu tệp số hóa: báo quản trị viên. Tệp vẫn được giữ ở máy "
             "quầy và tự gửi lại sau.")
MAX_BYTES = 100 * 1024 * 1024


def _written(write):
    """A full (or read-only) disk is said as such: 507, not a bare 500."""

    @functools.wraps(write)
    def guarded(*args, **kwargs):
        try:
            return write(*args, **kwargs)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                log.error("file store cannot write: %s", exc)
                raise DomainError(507, "disk_full", DISK_FULL) from exc
            raise
    return guarded


def _check(sha256: str) -> str:
    if not HASH.match(sha256):
        raise DomainError(422, "bad_hash", "Mã SHA-256 của tệp không hợp lệ.")
    return sha256


class FileStore:
    def __init__(self, root: Path, key_path: Path | None = None) -> None:
        self.root = Path(root)
        # The key stays with the backend's own data, not with the files: a copy of a shared
        # files folder (a NAS, a backup disk) is of no use without it.
        self.key_path = Path(key_path) if key_path is not None else self.root / KEY_FILE
        self._lock = threading.Lock()
        self._key: bytes | None = None

    # -- the key ----------------------------------------------------------------------

    def _aead(self):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        with self._lock:
            if self._key is None:
                path = self.key_path
                path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
                if not path.exists():
                    create_private(path)
                    with path.open("wb") as f:
                        f.write(os.urandom(32))
                        f.flush()
                        os.fsync(f.fileno())
                self._key = path.read_bytes()
                if len(self._key) != 32:
                    raise RuntimeError(f"{path}: not a 32-byte key")
            return AESGCM(self._key)

    def applicant_key(self, id_number: str) -> str:
        """A keyed hash of a citizen's ID number: the same citizen finds their papers, and
        the column tells nothing without the key."""
        import hmac

        self._aead()  # the key is loaded (made on first use)
        assert self._key is not None
        return hmac.new(self._key, b"applicant:" + id_number.encode(), "sha256").hexdigest()

    # -- stored files -----------------------------------------------------------------

    def path(self, sha256: str) -> Path:
        sha256 = _check(sha256)
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.bin"

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def read(self, sha256: str) -> bytes:
        sealed = self.path(sha256).read_bytes()
        data = self._aead().decrypt(sealed[:NONCE], sealed[NONCE:], sha256.encode())
        if hashlib.sha256(data).hexdigest() != sha256:
            raise RuntimeError(f"stored file {sha256} does not match its hash")
        return data

    @_written
    def _store(self, sha256: str, data: bytes) -> None:
        target = self.path(sha256)
        if target.exists():
            return
        nonce = os.urandom(NONCE)
        sealed = nonce + self._aead().encrypt(nonce, data, sha256.encode())
        target.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        tmp = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        with tmp.open("wb") as f:
            f.write(sealed)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)

    # -- uploads ----------------------------------------------------------------------

    def _partial(self, office_id: int, sha256: str) -> Path:
        return self.root / "partial" / f"{office_id}-{_check(sha256)}.part"

    def received(self, office_id: int, sha256: str) -> int:
        """How much of an upload the backend holds (the whole size once it is stored)."""
        part = self._partial(office_id, sha256)
        return part.stat().st_size if part.exists() else 0

    @_written
    def append(self, office_id: int, sha256: str, offset: int, chunk: bytes) -> int:
        """Add a chunk at `offset`; a chunk already held (a retry) changes nothing."""
        part = self._partial(office_id, sha256)
        with self._lock:
            part.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
            have = part.stat().st_size if part.exists() else 0
            if offset + len(chunk) <= have:
                return have  # a retry of what already arrived
            if offset != have:
                raise DomainError(409, "upload_offset", OFFSET.format(received=have))
            if have + len(chunk) > MAX_BYTES:
                raise DomainError(413, "file_too_big", TOO_BIG.format(
                    size=(have + len(chunk)) // 2**20, most=MAX_BYTES // 2**20))
            with part.open("ab") as f:
                f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            return have + len(chunk)

    def finish(self, office_id: int, sha256: str, size: int) -> None:
        """The upload is whole and has its hash: store it (encrypted) and drop the part."""
        if self.has(sha256):
            self._partial(office_id, sha256).unlink(missing_ok=True)
            return
        part = self._partial(office_id, sha256)
        data = part.read_bytes() if part.exists() else b""
        if len(data) < size:
            raise DomainError(409, "upload_incomplete",
                              INCOMPLETE.format(received=len(data), size=size))
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
            part.unlink(missing_ok=True)
            raise DomainError(422, "hash_mismatch", MISMATCH)
        self._store(sha256, data)
        part.unlink(missing_ok=True)
