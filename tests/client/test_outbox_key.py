"""Where the outbox key lives and what happens when it cannot be read (issue 11, item 6):
it survives restarts on every PC, and a key that exists but cannot be read is an alarm,
never a silent new key, never rows counted as refused by the server."""

from __future__ import annotations

import base64
import json
import os
import stat
import sys

import keyring
import pytest

from counter_app.client.outbox import NO_KEY, Counts, Outbox, OutboxError
from counter_app.client.outbox_key import (
    ACCOUNT,
    FILE_NOTE,
    KEYRING_LOCKED,
    KeyUnreadable,
    OutboxKey,
)
from counter_app.client.outbox_key_file import FILE_NAME, Dpapi, OwnerOnly, create_key, read_key
from tests.client.memory_keyring import MemoryKeyring

BODY = json.dumps({"applicant": {"id_number": "001090012345",
                                 "full_name": "Nguyễn Thị Hoa"}}).encode()


def add(outbox: Outbox, key: str) -> int:
    return outbox.add(kind="dossier", method="POST", path="/dossiers", key=key,
                      username="canbo1", body=BODY, code=f"000.00.00.H00-261124-{key[-4:]}")


class LockedKeyring(MemoryKeyring):
    """A keyring that is there but refuses to answer (a locked keychain, D-Bus down)."""

    locked = True

    def get_password(self, service, username):
        if self.locked:
            raise keyring.errors.KeyringLocked("the keyring is locked")
        return super().get_password(service, username)


@pytest.fixture
def locked_keyring():
    previous = keyring.get_keyring()
    backend = LockedKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file mode")
def test_key_file_is_owner_only_from_its_creation(tmp_path, no_keyring):
    old = os.umask(0)  # even a permissive umask cannot widen it: made 0600, not chmod'ed
    try:
        Outbox(tmp_path, OutboxKey()).cipher()
    finally:
        os.umask(old)
    path = tmp_path / FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_damaged_key_file_is_an_alarm_and_is_never_replaced(tmp_path, no_keyring):
    outbox = Outbox(tmp_path, OutboxKey())
    add(outbox, "key-0001"), add(outbox, "key-0002")
    outbox.close()
    path = tmp_path / FILE_NAME
    for damage in (b"", path.read_bytes()[:30], b"\x00garbage\xff" * 9):
        path.write_bytes(damage)
        key = OutboxKey()
        again = Outbox(tmp_path, key)
        with pytest.raises(KeyUnreadable) as err:
            again.cipher()
        assert "Không đọc được khóa mã hóa hồ sơ chờ gửi" in err.value.message
        assert key.alarm == err.value.message
        # The rows are kept and counted as unreadable here, not as server refusals.
        assert again.counts() == Counts(0, 0, 2)
        with pytest.raises(OutboxError) as refused:
            add(again, "key-0003")  # nothing new is received while the key is unreadable
        assert refused.value.message == NO_KEY
        assert not again.mark_handled(1, "canbo1")  # the key may come back
        assert path.read_bytes() == damage  # no new key written over it
        again.close()


def test_locked_keyring_is_an_alarm_until_it_opens_again(tmp_path, locked_keyring):
    locked_keyring.locked = False
    outbox = Outbox(tmp_path, OutboxKey())
    add(outbox, "key-0001")
    outbox.close()
    assert not (tmp_path / FILE_NAME).exists()  # the key is in the keyring

    locked_keyring.locked = True
    key = OutboxKey()
    again = Outbox(tmp_path, key)
    assert again.counts() == Counts(0, 0, 1)
    assert key.alarm and KEYRING_LOCKED in key.alarm
    assert not (tmp_path / FILE_NAME).exists()  # no file key made around the keyring's

    locked_keyring.locked = False  # the clerk unlocked the keychain
    assert again.counts() == Counts(1, 0, 0) and key.alarm is None
    assert again.body(again.pending()[0]) == BODY


def test_locked_keyring_with_nothing_waiting_falls_back_to_a_key_file(tmp_path, locked_keyring):
    key = OutboxKey()
    outbox = Outbox(tmp_path, key)
    add(outbox, "key-0001")
    assert key.home == "file" and key.warning == FILE_NOTE and key.alarm is None
    outbox.close()
    again = Outbox(tmp_path, OutboxKey())
    assert again.body(again.pending()[0]) == BODY


def test_damaged_key_in_the_keyring_is_an_alarm(tmp_path, os_keyring):
    Outbox(tmp_path, OutboxKey()).cipher()
    os_keyring.set_password("counter-app", ACCOUNT, base64.b64encode(b"short").decode())
    key = OutboxKey()
    with pytest.raises(KeyUnreadable):
        Outbox(tmp_path, key).cipher()
    assert os_keyring.get_password("counter-app", ACCOUNT) == base64.b64encode(b"short").decode()


def test_an_existing_keyring_key_keeps_working(tmp_path, os_keyring):
    os_keyring.set_password("counter-app", ACCOUNT, base64.b64encode(b"k" * 32).decode())
    outbox = Outbox(tmp_path, OutboxKey())
    seq = add(outbox, "key-0001")
    assert OutboxKey(key=b"k" * 32).cipher(tmp_path).key_id == outbox.get(seq).key_id
    assert not (tmp_path / FILE_NAME).exists() and outbox.warning is None


def test_two_first_starts_keep_one_key(tmp_path):
    readers = {"owner-only": OwnerOnly()}
    first = create_key(tmp_path / FILE_NAME, b"a" * 32, OwnerOnly(), readers)
    second = create_key(tmp_path / FILE_NAME, b"b" * 32, OwnerOnly(), readers)
    assert first == second == b"a" * 32


def fake_dpapi(fail: bool = False) -> Dpapi:
    """DPAPI's contract (an opaque blob only this account can open), injected."""
    def protect(data: bytes) -> bytes:
        return b"DPAPI" + bytes(b ^ 0x5A for b in data)

    def unprotect(blob: bytes) -> bytes:
        if fail or not blob.startswith(b"DPAPI"):
            raise OSError("CryptUnprotectData: the data is invalid")
        return bytes(b ^ 0x5A for b in blob[5:])

    return Dpapi(protect, unprotect)


def test_windows_branch_protects_the_key_with_dpapi(tmp_path, no_keyring):
    key = OutboxKey(protector=fake_dpapi())
    outbox = Outbox(tmp_path, key)
    add(outbox, "key-0001")
    raw = (tmp_path / FILE_NAME).read_bytes()
    assert b" dpapi\n" in raw
    got = read_key(tmp_path / FILE_NAME, {"dpapi": fake_dpapi()})
    assert base64.b64encode(got) not in raw and got not in raw  # only the protected blob
    outbox.close()
    assert Outbox(tmp_path, OutboxKey(protector=fake_dpapi())).counts() == Counts(1, 0, 0)

    # Another Windows account (or a copy of the folder on another PC): DPAPI refuses.
    refused = OutboxKey(protector=fake_dpapi(fail=True))
    with pytest.raises(KeyUnreadable) as err:
        Outbox(tmp_path, refused).cipher()
    assert "DPAPI" in err.value.message
    assert (tmp_path / FILE_NAME).read_bytes() == raw
