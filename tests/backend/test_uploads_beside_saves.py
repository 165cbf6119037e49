"""A digitised file's upload never holds up a clerk's save (issue 14, reception figure
"save -> last receipt byte, 3 components digitising"): while one chunk is held in its
fsync, the key, another upload, a register inside the write transaction and a dossier
save all go on; the held chunk is still on disk before its answer. No timings: the chunk
is held on an event until the rest has been answered."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from backend.dossiers.file_store import FileStore
from tests.backend.dossier_helpers import matched_card, new_dossier
from tests.backend.inprocess import serve

ANSWERED = 60.0  # seconds: only a guard against hanging, never a measure


class HeldFsync:
    """os.fsync that stops on the part file of `sha256` until released."""

    def __init__(self, root: Path, sha256: str) -> None:
        self.root, self.sha256 = root, sha256
        self.entered, self.released = threading.Event(), threading.Event()
        self._real = os.fsync

    def __call__(self, fd: int) -> None:
        parts = list((self.root / "partial").glob(f"*-{self.sha256}.part"))
        if parts and os.path.samestat(os.fstat(fd), parts[0].stat()):
            self.entered.set()
            assert self.released.wait(ANSWERED), "the test never released the chunk"
        self._real(fd)


@contextmanager
def held(monkeypatch: pytest.MonkeyPatch, root: Path, sha256: str,
         send: Callable[[], Any]) -> Iterator[list[Any]]:
    """`send` (one chunk of `sha256`) runs on a thread and stops in its fsync; the block
    runs meanwhile; the chunk is released after it, whatever happened."""
    fsync = HeldFsync(root, sha256)
    monkeypatch.setattr(os, "fsync", fsync)
    answer: list[Any] = []
    upload = threading.Thread(target=lambda: answer.append(send()), daemon=True)
    upload.start()
    try:
        assert fsync.entered.wait(ANSWERED), "the chunk never reached its fsync"
        yield answer
        assert not answer, "the chunk was answered before it was on disk"
    finally:
        fsync.released.set()
        upload.join(ANSWERED)


def _meanwhile(call: Callable[[], Any]) -> Any:
    """call()'s result, which must come while the chunk is still held."""
    out: list[Any] = []
    worker = threading.Thread(target=lambda: out.append(call()), daemon=True)
    worker.start()
    worker.join(ANSWERED)
    assert out, "waited behind the held upload"
    return out[0]


def test_the_store_serves_everything_but_that_upload_while_its_chunk_syncs(tmp_path,
                                                                         monkeypatch):
    store = FileStore(tmp_path / "files", tmp_path / "files.key")
    a, b = b"%PDF-1.7 held" * 1000, b"%PDF-1.7 other" * 1000
    sha_a, sha_b = (hashlib.sha256(x).hexdigest() for x in (a, b))
    with held(monkeypatch, store.root, sha_a, lambda: store.append(1, sha_a, 0, a)) as answer:
        assert len(_meanwhile(lambda: store.applicant_key("001090000001"))) == 64
        assert _meanwhile(lambda: store.append(2, sha_b, 0, b)) == len(b)
        _meanwhile(lambda: store.finish(2, sha_b, len(b)))
        assert _meanwhile(lambda: store.read(sha_b)) == b
    assert answer == [len(a)]
    store.finish(1, sha_a, len(a))
    assert store.read(sha_a) == a


def test_a_save_and_a_register_are_answered_while_an_upload_is_held_mid_file(tmp_path,
                                                                            monkeypatch):
    pdf = b"%PDF-1.7 a scanned page " * 4000
    held_pdf = b"%PDF-1.7 another component " * 4000
    sha, held_sha = hashlib.sha256(pdf).hexdigest(), hashlib.sha256(held_pdf).hexdigest()
    with serve(tmp_path) as (api, app, _clock), api.as_user("canbo1") as clerk, \
            api.as_user("canbo1") as digitiser:
        card = matched_card(clerk.get("/demo/cards").json())
        first = new_dossier(clerk, card)["code"]
        put = clerk.put(f"/dossiers/{first}/uploads/{sha}", content=pdf,
                        headers={"Content-Type": "application/octet-stream"})
        assert put.status_code == 200, put.text
        stored = clerk.post(f"/dossiers/{first}/files", json={
            "component": "Giấy khai sinh", "sha256": sha, "size": len(pdf), "pages": 3})
        assert stored.status_code == 201, stored.text
        again = new_dossier(clerk, card)["code"]  # the same citizen comes back

        def send_held() -> Any:
            return digitiser.put(f"/dossiers/{first}/uploads/{held_sha}",
                                 content=held_pdf[:50_000],
                                 headers={"Content-Type": "application/octet-stream"})

        with held(monkeypatch, app.state.files.root, held_sha, send_held) as answer:
            # Registering reads the citizen's key inside the write transaction.
            reused = _meanwhile(lambda: clerk.post(f"/dossiers/{again}/files", json={
                "component": "Giấy khai sinh", "reuse_of": stored.json()["id"]}))
            assert reused.status_code == 201, reused.text
            saved = _meanwhile(lambda: new_dossier(clerk, card))
            assert saved["code"] not in (first, again)
        assert answer[0].status_code == 200 and answer[0].json()["received"] == 50_000
        state = clerk.get(f"/dossiers/{first}/uploads/{held_sha}").json()
        assert state == {"received": 50_000, "stored": False}  # kept: resumes from here
