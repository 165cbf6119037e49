"""The key that encrypts outbox bodies (AES-256-GCM), kept where it survives a restart.

The outbox holds applicants' ID numbers, names and addresses until the backend has them;
the file sits in the user's data folder, which backups, profile sync and a stolen disk
all copy. So the bodies are encrypted and the key lives elsewhere when it can: in the OS
keyring (Windows Credential Manager, Secret Service), like the login token.

Without a keyring the key must still survive a restart: a dossier whose receipt was
printed is waiting in the outbox and must reach the backend. So the key goes to a file in
the data folder (outbox_key_file.py): DPAPI-protected on Windows, owner-only (0600)
elsewhere, and the status bar says so (`warning`).

A key that exists but cannot be read (a locked keyring, a damaged file, DPAPI refusing)
is an alarm (`alarm`, `KeyUnreadable`): no new key is made over it, the rows are kept,
nothing is received until it is fixed, and the rows are counted as unreadable on this PC,
never as refused by the server.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import threading
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from counter_app import APP_NAME
from counter_app.client import outbox_key_file as key_file

log = logging.getLogger(__name__)

ACCOUNT = "outbox-key-v1"
FILE_NOTE = (
    "Máy này không có kho khóa bảo mật của hệ điều hành: khóa mã hóa hồ sơ chờ gửi được lưu "
    "trong thư mục dữ liệu của ứng dụng, chỉ tài khoản người dùng này đọc được (trên Windows "
    "được bảo vệ bằng DPAPI). Hồ sơ chờ gửi vẫn còn nguyên khi đóng và mở lại ứng dụng."
)
FILE_NOTE_SHORT = "● Khóa hàng chờ lưu trong tệp"  # DejaVu (Linux) has no ⓘ
ALARM = (
    "Không đọc được khóa mã hóa hồ sơ chờ gửi ({reason}). Các hồ sơ chờ gửi vẫn được giữ "
    "nguyên trên máy nhưng chưa gửi được lên máy chủ, và chưa tiếp nhận được hồ sơ mới. Không "
    "xóa dữ liệu của ứng dụng; báo quản trị viên."
)
ALARM_SHORT = "⛔ Không đọc được khóa mã hóa hồ sơ chờ gửi"
UNREADABLE_ROWS = (
    "{n} hồ sơ chờ gửi được mã hóa bằng một khóa không còn trên máy này: không giải mã được, "
    "chưa lên máy chủ (không phải máy chủ từ chối). Nhập lại các hồ sơ đó theo bản biên nhận "
    "lưu tại cơ quan rồi đánh dấu đã xử lý; báo quản trị viên."
)
KEYRING_LOCKED = "kho khóa của hệ điều hành đang khóa hoặc không trả lời"
KEYRING_DAMAGED = "khóa lưu trong kho khóa của hệ điều hành bị hỏng"
KEYRING_GONE = "máy không còn kho khóa của hệ điều hành nơi khóa được lưu"

# Where the key of an outbox lives (kept in the outbox's meta table): a PC whose waiting
# rows were sealed under a keyring key must not quietly switch to a new file key.
HOMES = ("keyring", "file")


class UnreadableBody(Exception):
    """This row cannot be decrypted on this PC (sealed under a key that is not here)."""


class KeyUnreadable(UnreadableBody):
    """The key exists but cannot be read; `message` is the Vietnamese alarm."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason
        self.message = ALARM.format(reason=reason)


class _NoKeyring(Exception):
    pass


class BodyCipher:
    """AES-256-GCM; the associated data binds a body to its row (kind and idempotency key),
    so a body copied into another row does not decrypt."""

    NONCE = 12

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the outbox key must be 256 bits")
        self._aead = AESGCM(key)
        self.key_id = hashlib.sha256(b"counter-app outbox key id|" + key).hexdigest()[:16]

    def seal(self, plain: bytes, aad: bytes) -> tuple[bytes, bytes]:
        nonce = os.urandom(self.NONCE)
        return nonce, self._aead.encrypt(nonce, plain, aad)

    def open(self, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
        try:
            return self._aead.decrypt(nonce, sealed, aad)
        except InvalidTag as exc:
            raise UnreadableBody("outbox body does not decrypt with the current key") from exc


class OutboxKey:
    """Finds or makes the key once per process (retried while in alarm).

    `home`: "keyring", "file" or "given" (a key handed over by a script or a test);
    `warning`: the status-bar note when the key is in a file; `alarm`: set while the key
    exists but cannot be read."""

    def __init__(self, service: str = APP_NAME, *, use_keyring: bool = True,
                 key: bytes | None = None, protector: key_file.Protector | None = None,
                 unprotectors: dict[str, key_file.Protector] | None = None) -> None:
        self.service = service
        self.use_keyring = use_keyring and key is None
        self.home: str | None = "given" if key is not None else None
        self.warning: str | None = None
        self.alarm: str | None = None
        self._key = key
        self._protector = protector
        self._unprotectors = unprotectors
        self._lock = threading.Lock()

    def cipher(self, folder: Path | None = None, recorded: str | None = None) -> BodyCipher:
        """`folder`: where a key file lives (the outbox's); `recorded`: where the key of
        the rows now waiting was kept ("keyring", "file", "unknown"; None: no row waits).
        Raises KeyUnreadable while the key cannot be read."""
        with self._lock:
            if self._key is None:
                try:
                    self._key = self._load_or_create(folder, recorded)
                except KeyUnreadable as exc:
                    self.alarm = exc.message
                    raise
                self.alarm = None
            return BodyCipher(self._key)

    def _load_or_create(self, folder: Path | None, recorded: str | None) -> bytes:
        if folder is None:
            from counter_app import paths

            folder = paths.data_dir()
        path = Path(folder) / key_file.FILE_NAME
        protector = self._protector or key_file.default_protector()
        readers = self._unprotectors or {key_file.OwnerOnly.name: key_file.OwnerOnly(),
                                         protector.name: protector}
        try:
            key = key_file.read_key(path, readers)
        except key_file.KeyFileError as exc:
            log.error("outbox key file %s unreadable: %s; not replacing it", path, exc)
            raise KeyUnreadable(exc.reason, str(exc)) from exc
        if key is not None:
            return self._settled("file", key)
        if self.use_keyring:
            try:
                key = self._from_keyring()
            except _NoKeyring as exc:
                if recorded in ("keyring", "unknown"):
                    log.error("outbox key was kept in a keyring that is gone (%s); rows wait",
                              exc)
                    raise KeyUnreadable(KEYRING_GONE, str(exc)) from exc
            except KeyUnreadable:
                raise
            except Exception as exc:  # D-Bus errors, a locked keychain: the key may be there
                log.error("outbox key: keyring unreadable (%s: %s)", type(exc).__name__, exc)
                if recorded in ("keyring", "unknown"):
                    raise KeyUnreadable(KEYRING_LOCKED, str(exc)) from exc
            else:
                if key is not None:
                    return self._settled("keyring", key)
                if recorded in ("keyring", "unknown"):
                    log.error("outbox key missing from the keyring: rows sealed under it "
                              "cannot be read; a new key is made for new rows")
                created = self._create_in_keyring()
                if created is not None:
                    return self._settled("keyring", created)
        if recorded == "file":
            log.error("outbox key file %s missing: rows sealed under it cannot be read; "
                      "a new key is made for new rows", path)
        key = key_file.create_key(path, os.urandom(32), protector, readers)
        log.info("outbox key kept in %s (%s)", path, protector.name)
        return self._settled("file", key)

    def _settled(self, home: str, key: bytes) -> bytes:
        self.home = home
        self.warning = FILE_NOTE if home == "file" else None
        return key

    def _from_keyring(self) -> bytes | None:
        import keyring
        from keyring.backends.fail import Keyring as FailKeyring

        if isinstance(keyring.get_keyring(), FailKeyring):
            raise _NoKeyring("no keyring backend")
        stored = keyring.get_password(self.service, ACCOUNT)
        if not stored:
            return None
        try:
            key = base64.b64decode(stored, validate=True)
        except ValueError:
            key = b""
        if len(key) != 32:
            log.error("outbox key in the keyring is damaged; not replacing it")
            raise KeyUnreadable(KEYRING_DAMAGED, "bad outbox key in keyring")
        return key

    def _create_in_keyring(self) -> bytes | None:
        import keyring

        key = os.urandom(32)
        text = base64.b64encode(key).decode("ascii")
        try:
            keyring.set_password(self.service, ACCOUNT, text)
            kept = keyring.get_password(self.service, ACCOUNT) == text
        except Exception as exc:
            log.warning("outbox key not stored in the keyring (%s: %s); using a key file",
                        type(exc).__name__, exc)
            return None
        if not kept:
            log.warning("keyring did not keep the outbox key; using a key file")
            return None
        log.info("new outbox key stored in the keyring")
        return key
