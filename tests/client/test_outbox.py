"""The outbox on a real SQLite file: durable, encrypted, nothing personal on disk, and a
clear Vietnamese refusal when the disk cannot take the row."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from datetime import date

import pytest

from counter_app.client.leases import Lease, LeaseBook
from counter_app.client.outbox import DISK_FULL, NOT_WRITABLE, Counts, Outbox, OutboxError
from counter_app.client.outbox_key import FILE_NOTE, OutboxKey, UnreadableBody

ID_NUMBER = "001090012345"
NAME = "Nguyễn Thị Hoa"
ADDRESS = "Số 7 ngõ Văn Chương, Đống Đa, Hà Nội"


def body(id_number: str = ID_NUMBER, name: str = NAME) -> bytes:
    return json.dumps({"procedure_code": "HT-01", "applicant": {
        "id_number": id_number, "full_name": name, "address": ADDRESS,
        "phone": "0912345678"}}, ensure_ascii=False).encode("utf-8")


def add(outbox: Outbox, key: str, code: str = "000.00.00.H00-261124-0101", **kw) -> int:
    return outbox.add(kind="dossier", method="POST", path="/dossiers", key=key,
                      username="canbo1", body=kw.pop("data", body()), code=code)


def files_bytes(folder) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())


def test_row_is_durable_and_readable_after_a_restart(tmp_path, os_keyring):
    outbox = Outbox(tmp_path, OutboxKey())
    seq = add(outbox, "key-0001")
    mode = outbox._db.execute("PRAGMA journal_mode").fetchone()[0]
    sync = outbox._db.execute("PRAGMA synchronous").fetchone()[0]
    assert (mode, sync) == ("wal", 2)  # 2 = FULL: fsync on every commit
    outbox.close()

    again = Outbox(tmp_path, OutboxKey())  # a new process: the key comes from the keyring
    [row] = again.pending("canbo1")
    assert (row.seq, row.kind, row.method, row.path, row.key) == \
        (seq, "dossier", "POST", "/dossiers", "key-0001")
    assert row.state == "pending" and row.attempts == 0 and row.created_at
    assert again.body(row) == body()
    assert again.pending("someone-else") == []
    assert again.counts().pending == 1


def test_no_id_number_name_or_address_on_disk_wal_included(tmp_path, os_keyring):
    outbox = Outbox(tmp_path, OutboxKey())
    for i in range(3):
        add(outbox, f"key-{i:04d}", code=f"000.00.00.H00-261124-{101 + i:04d}")
    assert (tmp_path / "outbox.sqlite3-wal").exists()  # still in the WAL, not checkpointed
    raw = files_bytes(tmp_path)
    for secret in (ID_NUMBER, NAME, ADDRESS, "0912345678", "Hoa"):
        assert secret.encode("utf-8") not in raw
    assert b"000.00.00.H00-261124-0101" in raw  # the code is not personal data: kept in clear
    outbox.close()
    raw = files_bytes(tmp_path)
    assert ID_NUMBER.encode() not in raw and NAME.encode("utf-8") not in raw
    assert b"canbo1" in raw


def test_confirmed_rows_are_purged_and_their_bytes_overwritten(tmp_path, os_keyring):
    outbox = Outbox(tmp_path, OutboxKey())
    seq = add(outbox, "key-0001")
    sealed = outbox.get(seq).body
    outbox.purge(seq)
    assert outbox.get(seq) is None and outbox.counts().pending == 0
    outbox._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert sealed not in files_bytes(tmp_path)  # secure_delete: not even the ciphertext


def test_conflict_keeps_the_detail_then_retry_or_handled_keeps_a_record(tmp_path, os_keyring):
    outbox = Outbox(tmp_path, OutboxKey())
    first, second = add(outbox, "key-0001"), add(outbox, "key-0002", code="X-0102")
    detail = "Số hồ sơ 000.00.00.H00-261124-0101 đã được dùng cho hồ sơ khác."
    outbox.mark_conflict(first, detail)
    [conflict] = outbox.conflicts()
    assert conflict.seq == first and conflict.last_error == detail
    assert [r.seq for r in outbox.pending()] == [second]
    assert outbox.counts().conflicts == 1

    assert outbox.retry(first)
    assert [r.seq for r in outbox.pending()] == [first, second]  # back in its place
    outbox.mark_conflict(first, detail)
    assert outbox.mark_handled(first, "canbo1")
    assert outbox.get(first) is None and outbox.counts().conflicts == 0
    [(seq, code, error, at, by)] = outbox.handled()
    assert (seq, code, error, by) == (first, "000.00.00.H00-261124-0101", detail, "canbo1")
    assert not outbox.mark_handled(second, "canbo1")  # only conflicts can be marked handled


def test_body_is_bound_to_its_row(tmp_path, os_keyring):
    outbox = Outbox(tmp_path, OutboxKey())
    a, b = add(outbox, "key-000a"), add(outbox, "key-000b", data=body("079201000001", "Lê Văn B"))
    with outbox.transaction() as db:  # someone swaps the sealed bodies in the file
        ra, rb = outbox.get(a), outbox.get(b)
        db.execute("UPDATE outbox SET nonce = ?, body = ? WHERE seq = ?", (rb.nonce, rb.body, a))
    with pytest.raises(UnreadableBody):
        outbox.body(outbox.get(a))
    assert outbox.body(outbox.get(b)) == body("079201000001", "Lê Văn B")
    assert ra.nonce != rb.nonce


def test_without_a_keyring_the_key_survives_a_restart_and_says_so(tmp_path, no_keyring):
    outbox = Outbox(tmp_path, OutboxKey())
    add(outbox, "key-0001")
    assert outbox.warning == FILE_NOTE
    outbox.close()

    after_restart = Outbox(tmp_path, OutboxKey())  # a new process, still no keyring
    [row] = after_restart.pending()
    assert after_restart.body(row) == body()
    assert after_restart.counts() == Counts(1, 0, 0)
    assert after_restart.warning == FILE_NOTE


def test_taking_a_number_and_writing_the_row_is_one_transaction(tmp_path, os_keyring):
    outbox = Outbox(tmp_path, OutboxKey(key=b"k" * 32))
    book = LeaseBook(outbox)
    day = date(2026, 11, 24)
    book.save(Lease(7, day, "000.00.00.H00", 101, 103, (102,)), "canbo1")
    assert book.free_count("canbo1", day) == 2

    with pytest.raises(RuntimeError), outbox.transaction() as db:
        assert LeaseBook.take(db, "canbo1", day)[1] == 101
        raise RuntimeError("crash before the row was written")
    assert book.free_count("canbo1", day) == 2  # the number went back with the rollback

    with outbox.transaction() as db:
        _, number = LeaseBook.take(db, "canbo1", day)
        outbox.insert(db, kind="dossier", method="POST", path="/dossiers", key="k-101",
                      username="canbo1", body=body(), code=str(number))
    assert number == 101
    outbox.close()
    again = Outbox(tmp_path, OutboxKey(key=b"k" * 32))
    with again.transaction() as db:
        assert LeaseBook.take(db, "canbo1", day)[1] == 103  # 101 used, 102 used by the server
        assert LeaseBook.take(db, "canbo1", day) is None
        assert LeaseBook.take(db, "other-clerk", day) is None  # leases belong to their user


def test_full_disk_is_refused_in_vietnamese_and_nothing_is_kept(tmp_path, os_keyring):
    outbox = Outbox(tmp_path, OutboxKey())
    book = LeaseBook(outbox)
    day = date(2026, 11, 24)
    book.save(Lease(7, day, "000.00.00.H00", 101, 120), "canbo1")
    pages = outbox._db.execute("PRAGMA page_count").fetchone()[0]
    outbox._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
    big = body(name="Nguyễn " + "Văn " * 3000)
    with pytest.raises(OutboxError) as failed, outbox.transaction() as db:
        LeaseBook.take(db, "canbo1", day)
        outbox.insert(db, kind="dossier", method="POST", path="/dossiers", key="k-big",
                      username="canbo1", body=big, code="c")
    assert failed.value.message == DISK_FULL
    assert "CHƯA được tiếp nhận" in failed.value.message and "KHÔNG in" in failed.value.message
    assert outbox.counts().pending == 0
    assert book.free_count("canbo1", day) == 20  # the number was not consumed


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"),
                    reason="a real full file system needs a tmpfs mount (root)")
def test_really_full_file_system(tmp_path, os_keyring):
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)],
                      capture_output=True).returncode:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        outbox = Outbox(mnt, OutboxKey())
        with pytest.raises(OutboxError) as failed:
            for i in range(200):
                add(outbox, f"key-{i:04d}", data=os.urandom(8000))
        assert failed.value.message == DISK_FULL
        outbox.close()
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_unwritable_data_folder_is_refused_in_vietnamese(tmp_path, os_keyring):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(OutboxError) as failed:
        Outbox(blocker / "data", OutboxKey())
    assert failed.value.message == NOT_WRITABLE


def test_read_only_database_refuses_writes_in_vietnamese(tmp_path, os_keyring):
    outbox = Outbox(tmp_path, OutboxKey())
    add(outbox, "key-0001")
    outbox.close()
    # The file system turned read-only under the app (what a read-only share does): SQLite
    # reports SQLITE_READONLY for the write, exactly as here.
    ro = Outbox.__new__(Outbox)
    ro.__dict__.update(outbox.__dict__)
    ro._db = sqlite3.connect(f"file:{tmp_path / 'outbox.sqlite3'}?mode=ro", uri=True,
                             isolation_level=None, check_same_thread=False)
    assert [r.key for r in ro.pending()] == ["key-0001"]  # reading still works
    with pytest.raises(OutboxError) as failed:
        add(ro, "key-0002")
    assert failed.value.message == NOT_WRITABLE


def test_only_leases_of_the_database_answering_now_are_used(tmp_path, os_keyring):
    day = date(2026, 11, 24)
    outbox = Outbox(tmp_path, OutboxKey(key=b"k" * 32))
    book = LeaseBook(outbox)
    book.save(Lease(1, day, "000.00.00.H00", 101, 102, backend_id="a" * 32), "canbo1")
    book.learn("b" * 32)  # the same address now answers from another database
    assert book.free_count("canbo1", day) == 0
    with outbox.transaction() as db:
        assert LeaseBook.take(db, "canbo1", day, book.backend_id) is None
    book.save(Lease(1, day, "000.00.00.H00", 1, 20, backend_id="b" * 32), "canbo1")
    with outbox.transaction() as db:  # its own lease 1, not the other database's
        assert LeaseBook.take(db, "canbo1", day, book.backend_id)[1] == 1
    outbox.close()
    assert LeaseBook(Outbox(tmp_path, OutboxKey(key=b"k" * 32))).backend_id == "b" * 32
