"""The key that encrypts outbox bodies (AES-256-GCM), kept in the OS keyring.

The outbox holds applicants' ID numbers, names and addresses until the backend has them;
the file sits in the user's data folder, which backups, profile sync and a stolen disk
all copy. So the bodies are encrypted and the key lives elsewhere: in the OS keyring
(Windows Credential Manager, Secret Service), like the login token (token_store.py).

Without a usable keyring the key is kept **in memory only**, and the UI says so. Writing
it to a file beside the database would defeat the encryption for exactly the copies it
protects against. The price is explicit: waiting rows written under a memory-only key
cannot be read after the app closes. They are never deleted: the row keeps the dossier
code in clear (a code alone unlocks no personal data, domain.md), so the clerk sees
which receipts must be entered again from the office's copy. `warning` is the sentence
the status bar shows; the counter window also asks before closing with rows waiting.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import threading

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from counter_app import APP_NAME

log = logging.getLogger(__name__)

ACCOUNT = "outbox-key-v1"
MEMORY_ONLY_MESSAGE = (
    "Máy này không có kho khóa bảo mật của hệ điều hành: khóa mã hóa hồ sơ chờ gửi chỉ "
    "nằm trong bộ nhớ. Nếu đóng ứng dụng khi còn hồ sơ chờ gửi, các hồ sơ đó phải nhập lại."
)


class UnreadableBody(Exception):
    """The row was encrypted under another key (a memory-only key from an earlier run)."""


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
    """Finds or makes the key once per process; `warning` is set when it is memory-only."""

    def __init__(self, service: str = APP_NAME, *, use_keyring: bool = True,
                 key: bytes | None = None) -> None:
        self.service = service
        self.use_keyring = use_keyring and key is None
        self.warning: str | None = None
        self._key = key
        self._lock = threading.Lock()

    def cipher(self) -> BodyCipher:
        with self._lock:
            if self._key is None:
                self._key = self._load_or_create()
            return BodyCipher(self._key)

    def _load_or_create(self) -> bytes:
        if self.use_keyring:
            try:
                return self._from_keyring()
            except Exception as exc:  # NoKeyringError, D-Bus errors, locked keychains
                log.warning("outbox key not kept in the keyring (%s: %s); memory only",
                            type(exc).__name__, exc)
        self.warning = MEMORY_ONLY_MESSAGE
        return os.urandom(32)

    def _from_keyring(self) -> bytes:
        import keyring
        from keyring.backends.fail import Keyring as FailKeyring

        if isinstance(keyring.get_keyring(), FailKeyring):
            raise RuntimeError("no keyring backend")
        stored = keyring.get_password(self.service, ACCOUNT)
        if stored:
            key = base64.b64decode(stored)
            if len(key) == 32:
                return key
            log.error("outbox key in the keyring has the wrong length; not replacing it")
            raise RuntimeError("bad outbox key in keyring")
        key = os.urandom(32)
        keyring.set_password(self.service, ACCOUNT, base64.b64encode(key).decode("ascii"))
        if keyring.get_password(self.service, ACCOUNT) != base64.b64encode(key).decode("ascii"):
            raise RuntimeError("keyring did not keep the outbox key")
        log.info("new outbox key stored in the keyring")
        return key
