"""The file store on its own (backend/dossiers/file_store.py): encrypted by hash, bound to
its name, and a full disk said as such (507) rather than as a crash."""

from __future__ import annotations

import errno
import hashlib
import os

import pytest

from backend.dossiers.file_store import DISK_FULL, FileStore
from backend.errors import DomainError


def test_a_file_moved_under_another_hash_does_not_decrypt(tmp_path):
    store = FileStore(tmp_path / "files", tmp_path / "files.key")
    a, b = b"%PDF-1.7 first", b"%PDF-1.7 second"
    for data in (a, b):
        sha = hashlib.sha256(data).hexdigest()
        store.append(1, sha, 0, data)
        store.finish(1, sha, len(data))
    sha_a, sha_b = (hashlib.sha256(x).hexdigest() for x in (a, b))
    assert store.read(sha_a) == a
    store.path(sha_a).write_bytes(store.path(sha_b).read_bytes())  # swapped on disk
    with pytest.raises(Exception):  # noqa: B017 - AES-GCM refuses: the hash is bound in
        store.read(sha_a)


def test_a_full_disk_is_a_507_with_words_for_the_clerk(tmp_path, monkeypatch):
    store = FileStore(tmp_path / "files", tmp_path / "files.key")
    data = b"%PDF-1.7 scanned"
    sha = hashlib.sha256(data).hexdigest()

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DomainError) as refused:
        store.append(1, sha, 0, data)
    assert refused.value.status == 507 and refused.value.message_vi == DISK_FULL
