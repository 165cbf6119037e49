"""Digitised files, outside the database: laid out by SHA-256 (ab/cd/<hash>), encrypted at
rest with AES-256-GCM (the hash is the associated data, so a file moved under another name
does not decrypt), written atomically. The same file in two dossiers is stored once.

Uploads arrive in chunks (resumable: a lost answer or a dropped link resumes where the
backend got to) into `partial/`, and become a stored file only when the whole of it has
the SHA-256 the counter announced.

Nothing here waits behind another upload: a chunk's write and fsync hold only the lock of
its own upload, never one that the key, a read or another counter's upload needs (a
register, inside the database's write transaction, once waited there for another
upload's fsync, and every clerk's save waited behind it). Large files are hashed and
sealed a piece at a time: AES-GCM holds the interpreter lock for the whole buffer it is
given (~30 ms for 50 MB), which would stall the event loop and every request.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import io
import logging
import os
import re
import threading
import weakref
from pathlib import Path

from backend.errors import DomainError
from backend.files import PRIVATE_DIR, create_private

log = logging.getLogger(__name__)
HASH = re.compile(r"^[0-9a-f]{64}$")
KEY_FILE = "files.key"
NONCE = 12
TAG = 16  # AES-GCM's tag, after the ciphertext (as AESGCM.encrypt lays it out)
PIECE = 1024 * 1024  # sealed, opened and hashed this much at a time

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
        self._key_lock = threading.Lock()
        self._key: bytes | None = None
        # One lock per upload in progress (a retried chunk must not race the first try);
        # an entry goes once no thread holds it.
        self._uploads: weakref.WeakValueDictionary[str, threading.Lock] = (
            weakref.WeakValueDictionary())
        self._uploads_lock = threading.Lock()

    # -- the key ----------------------------------------------------------------------

    def _key_bytes(self) -> bytes:
        key = self._key
        if key is not None:
            return key
        with self._key_lock:
            if self._key is None:
                path = self.key_path
                path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
                if not path.exists():
                    create_private(path)
                    with path.open("wb") as f:
                        f.write(os.urandom(32))
                        f.flush()
                        os.fsync(f.fileno())
                key = path.read_bytes()
                if len(key) != 32:
                    raise RuntimeError(f"{path}: not a 32-byte key")
                self._key = key
            return self._key

    def _cipher(self, nonce: bytes, tag: bytes | None = None):
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        return Cipher(algorithms.AES(self._key_bytes()), modes.GCM(nonce, tag))

    def applicant_key(self, id_number: str) -> str:
        """A keyed hash of a citizen's ID number: the same citizen finds their papers, and
        the column tells nothing without the key."""
        import hmac

        key = self._key_bytes()  # made on first use
        return hmac.new(key, b"applicant:" + id_number.encode(), "sha256").hexdigest()

    # -- stored files -----------------------------------------------------------------

    def path(self, sha256: str) -> Path:
        sha256 = _check(sha256)
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.bin"

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def read(self, sha256: str) -> bytes:
        """The file as it was uploaded; raises when it was altered or is another file."""
        path = self.path(sha256)
        size = path.stat().st_size - NONCE - TAG
        if size < 0:
            raise RuntimeError(f"stored file {sha256} is cut short")
        with path.open("rb") as f:
            nonce = f.read(NONCE)
            f.seek(NONCE + size)
            opener = self._cipher(nonce, f.read(TAG)).decryptor()
            opener.authenticate_additional_data(sha256.encode())
            f.seek(NONCE)
            pieces = [opener.update(f.read(min(PIECE, size - at)))
                      for at in range(0, size, PIECE)]
        pieces.append(opener.finalize())  # raises unless the whole file is as sealed
        data = b"".join(pieces)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise RuntimeError(f"stored file {sha256} does not match its hash")
        return data

    @_written
    def _seal(self, sha256: str, part: Path) -> bool:
        """Encrypt `part` into the store as `sha256`, a piece at a time, hashing as it
        goes; durable (fsync) before it takes its name. False, and nothing stored, when
        the content does not have that hash."""
        target = self.path(sha256)
        if target.exists():
            return True
        nonce = os.urandom(NONCE)
        sealer = self._cipher(nonce).encryptor()
        sealer.authenticate_additional_data(sha256.encode())
        digest = hashlib.sha256()
        target.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        tmp = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            # No part at all is an empty upload (a zero-byte file announced with its hash).
            with (part.open("rb") if part.exists() else io.BytesIO()) as src, \
                    tmp.open("wb") as f:
                f.write(nonce)
                while piece := src.read(PIECE):
                    digest.update(piece)
                    f.write(sealer.update(piece))
                f.write(sealer.finalize() + sealer.tag)
                if digest.hexdigest() != sha256:
                    return False
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
            return True
        finally:
            tmp.unlink(missing_ok=True)

    # -- uploads ----------------------------------------------------------------------

    def _partial(self, office_id: int, sha256: str) -> Path:
        return self.root / "partial" / f"{office_id}-{_check(sha256)}.part"

    def _upload_lock(self, office_id: int, sha256: str) -> threading.Lock:
        with self._uploads_lock:
            name = f"{office_id}-{sha256}"
            lock = self._uploads.get(name)
            if lock is None:
                lock = self._uploads[name] = threading.Lock()
            return lock

    def received(self, office_id: int, sha256: str) -> int:
        """How much of an upload the backend holds (the whole size once it is stored)."""
        part = self._partial(office_id, sha256)
        return part.stat().st_size if part.exists() else 0

    @_written
    def append(self, office_id: int, sha256: str, offset: int, chunk: bytes) -> int:
        """Add a chunk at `offset`; a chunk already held (a retry) changes nothing. The
        chunk is on disk (fsync) before this returns."""
        part = self._partial(office_id, sha256)
        with self._upload_lock(office_id, sha256):
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
        part = self._partial(office_id, sha256)
        with self._upload_lock(office_id, sha256):
            if self.has(sha256):
                part.unlink(missing_ok=True)
                return
            held = part.stat().st_size if part.exists() else 0
            if held < size:
                raise DomainError(409, "upload_incomplete",
                                  INCOMPLETE.format(received=held, size=size))
            if held != size or not self._seal(sha256, part):
                part.unlink(missing_ok=True)
                raise DomainError(422, "hash_mismatch", MISMATCH)
            part.unlink(missing_ok=True)
