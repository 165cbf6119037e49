"""A real keyring backend kept in a dict, so the keyring code path runs on machines
without Secret Service (this CI box has only keyring's fail backend)."""

from __future__ import annotations

import keyring
import pytest
from jaraco.classes import properties
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls):
        # Not viable for keyring's own discovery: defining this class must not change which
        # backend other tests get; it is used only through keyring.set_keyring().
        raise RuntimeError("test backend, set explicitly")

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.store:
            raise PasswordDeleteError("none")
        del self.store[(service, username)]


@pytest.fixture
def os_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    """A machine without any keyring backend (keyring's own "fail" backend)."""
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)
