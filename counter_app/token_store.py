"""The login token lives in the OS keyring (Windows Credential Manager, Secret Service).

When the machine has no usable keyring backend (a locked-down PC, a headless CI box) the
token is kept in memory only: the clerk logs in again after a restart, and nothing
secret is ever written to a file. `warning` carries the sentence the UI shows once.
"""

from __future__ import annotations

import logging

from counter_app import APP_NAME

log = logging.getLogger(__name__)

SERVICE = APP_NAME
NO_KEYRING_MESSAGE = (
    "Máy này không có kho khóa bảo mật của hệ điều hành; phiên đăng nhập chỉ được giữ "
    "đến khi đóng ứng dụng."
)


class TokenStore:
    def __init__(self, service: str = SERVICE, *, use_keyring: bool = True) -> None:
        self.service = service
        self.use_keyring = use_keyring
        self._memory: dict[str, str] = {}
        self.warning: str | None = None if use_keyring else NO_KEYRING_MESSAGE

    def _keyring_call(self, op: str, *args: str) -> str | None:
        if not self.use_keyring:
            raise RuntimeError("keyring disabled")
        import keyring
        from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

        try:
            return getattr(keyring, op)(self.service, *args)
        except PasswordDeleteError:
            return None  # nothing was stored: not a keyring failure
        except NoKeyringError as exc:
            self._fall_back(f"no keyring backend: {exc}")
        except KeyringError as exc:
            self._fall_back(f"keyring {op} failed: {type(exc).__name__}: {exc}")
        except Exception as exc:  # D-Bus and platform errors surface as plain exceptions
            self._fall_back(f"keyring {op} failed: {type(exc).__name__}")
        raise RuntimeError("keyring unavailable")

    def _fall_back(self, why: str) -> None:
        if self.use_keyring:
            log.warning("%s; keeping the token in memory only", why)
        self.use_keyring = False
        self.warning = NO_KEYRING_MESSAGE

    def get(self, account: str) -> str | None:
        try:
            value = self._keyring_call("get_password", account)
        except RuntimeError:
            return self._memory.get(account)
        return value

    def set(self, account: str, token: str) -> None:
        try:
            self._keyring_call("set_password", account, token)
        except RuntimeError:
            self._memory[account] = token

    def delete(self, account: str) -> None:
        self._memory.pop(account, None)
        try:
            self._keyring_call("delete_password", account)
        except RuntimeError:
            pass
