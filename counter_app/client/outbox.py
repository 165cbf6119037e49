"""The counter's outbox: writes the backend has not confirmed yet, durable on this PC.

One SQLite file in the user data folder, `journal_mode=WAL` + `synchronous=FULL`: a
commit returns only once the row is on disk, so a power cut or `kill -9` right after a
receipt was printed never loses it. One row per write (seq, kind, method, path,
idempotency key, encrypted body, created_at, state pending|conflict, attempts,
last_error); the body is AES-256-GCM under a key kept in the OS keyring or, without one,
in a protected key file beside it (outbox_key.py).
In clear only what is not personal data: the dossier code (for the clerk's list even when
a body cannot be decrypted) and the user whose session must send the row (leases belong
to a user, docs/api-offline.md).

A row is deleted once the backend confirmed it. A row the backend refused (409/422) stays
as `conflict` with the backend's Vietnamese detail until the clerk retries it or marks it
handled; a handled row moves to `handled`, which keeps the record. A row this PC cannot
decrypt (its key is not here, or cannot be read now) is counted apart, as `unreadable`:
it is a local problem, never one of the server's refusals.

The same file holds the leased dossier numbers (leases.py), so taking a number and
writing the row that uses it is one transaction: after a crash either both happened or
neither did, and no number is ever handed out twice.

One writer path: every write is a `transaction()`, which holds the outbox's own lock from
BEGIN to COMMIT on its one connection, and every read takes the same lock. So the writes
of whoever calls (the clerk's receipts, retries and "handled" on the window's outbox
worker, the replay and the lease top-up on pool threads, a script) run one at a time,
and a value read and then written (a lease request's key, `meta_or_set`) is read and
written in one transaction. Callers run it on worker threads, never on the UI thread.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from counter_app.client.outbox_key import HOMES, BodyCipher, KeyUnreadable, OutboxKey
from counter_app.domain.clock import office_now

log = logging.getLogger(__name__)

FILE_NAME = "outbox.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    username TEXT NOT NULL,
    code TEXT,
    key_id TEXT NOT NULL,
    nonce BLOB NOT NULL,
    body BLOB NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'conflict')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    backend_id TEXT
);
CREATE TABLE IF NOT EXISTS handled (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    username TEXT NOT NULL,
    code TEXT,
    key_id TEXT NOT NULL,
    nonce BLOB NOT NULL,
    body BLOB NOT NULL,
    created_at TEXT NOT NULL,
    last_error TEXT,
    handled_at TEXT NOT NULL,
    handled_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS leases (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    day TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    first INTEGER NOT NULL,
    last INTEGER NOT NULL,
    expires_day TEXT NOT NULL,
    leased_at TEXT NOT NULL,
    backend_id TEXT
);
CREATE TABLE IF NOT EXISTS used_numbers (
    lease_id INTEGER NOT NULL REFERENCES leases(id),
    ledger_no INTEGER NOT NULL,
    PRIMARY KEY (lease_id, ledger_no)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

DISK_FULL = ("Ổ đĩa của máy đã đầy: không ghi được hồ sơ vào hàng chờ trên máy. "
             "Hồ sơ CHƯA được tiếp nhận và KHÔNG in biên nhận. Giải phóng ổ đĩa hoặc báo "
             "quản trị viên, rồi bấm Tiếp nhận lại.")
NOT_WRITABLE = ("Thư mục dữ liệu của ứng dụng không ghi được (chỉ đọc hoặc không mở được): "
                "không ghi được hồ sơ vào hàng chờ trên máy. Hồ sơ CHƯA được tiếp nhận và "
                "KHÔNG in biên nhận. Báo quản trị viên.")
NO_KEY = ("Không đọc được khóa mã hóa hồ sơ chờ gửi: hồ sơ CHƯA được tiếp nhận và KHÔNG in "
          "biên nhận. Các hồ sơ đang chờ gửi vẫn được giữ nguyên. Báo quản trị viên.")
KEY_HOME = "outbox-key-home"
BROKEN = ("Không ghi được hồ sơ vào hàng chờ trên máy (lỗi tệp dữ liệu). Hồ sơ CHƯA được "
          "tiếp nhận và KHÔNG in biên nhận. Báo quản trị viên.")


class OutboxError(Exception):
    """The outbox file cannot be written; `message` is Vietnamese and says nothing was kept."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _translate(exc: BaseException) -> OutboxError:
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith("SQLITE_FULL") or "disk is full" in text or getattr(exc, "errno", 0) == 28:
        return OutboxError(DISK_FULL)
    if (name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM"))
            or "readonly" in text or "unable to open" in text
            or isinstance(exc, PermissionError | NotADirectoryError | FileExistsError)):
        return OutboxError(NOT_WRITABLE)
    return OutboxError(BROKEN)


def _add_column(db: sqlite3.Connection, table: str, column: str) -> None:
    names = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
    if column.split()[0] not in names:
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")


def now_text() -> str:
    return office_now().astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Row:
    seq: int
    kind: str
    method: str
    path: str
    key: str
    username: str
    code: str | None
    key_id: str
    nonce: bytes
    body: bytes  # sealed
    created_at: str
    state: str
    attempts: int
    last_error: str | None
    backend_id: str | None = None  # the database that leased its number (None: before)

    @property
    def aad(self) -> bytes:
        return aad(self.kind, self.key)


@dataclass(frozen=True)
class Counts:
    pending: int
    conflicts: int
    unreadable: int = 0  # cannot be decrypted on this PC: not sent, not refused either


def aad(kind: str, key: str) -> bytes:
    return f"counter-app outbox|{kind}|{key}".encode()


_UPSERT_META = ("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) "
                "DO UPDATE SET value = excluded.value")
_COLUMNS = ("seq, kind, method, path, idempotency_key, username, code, key_id, nonce, body, "
            "created_at, state, attempts, last_error, backend_id")


class Outbox:
    def __init__(self, folder: Path, key: OutboxKey) -> None:
        self.path = Path(folder) / FILE_NAME
        self._key = key
        self._cipher: BodyCipher | None = None
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                       timeout=10.0)
            mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"journal_mode stayed {mode}")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA secure_delete=ON")  # purged bodies are overwritten
            self._db.executescript(SCHEMA)
            for table in ("outbox", "leases"):  # files made before leases had an owner
                _add_column(self._db, table, "backend_id TEXT")
        except (sqlite3.Error, OSError) as exc:
            log.error("outbox %s cannot be opened: %s: %s", self.path, type(exc).__name__, exc)
            raise _translate(exc) from exc

    @property
    def warning(self) -> str | None:
        return self._key.warning

    @property
    def alarm(self) -> str | None:
        return self._key.alarm

    def cipher(self) -> BodyCipher:
        """The key of this outbox; KeyUnreadable while it exists but cannot be read."""
        with self._lock:
            if self._cipher is None:
                recorded = self.meta(KEY_HOME)
                if not self.read("SELECT 1 FROM outbox LIMIT 1"):
                    recorded = None  # nothing waits: any key will do
                elif recorded is None:
                    recorded = "unknown"  # rows from before the key's home was recorded
                cipher = self._key.cipher(self.path.parent, recorded)
                home = self._key.home
                if home in HOMES and self.meta(KEY_HOME) != home:
                    self._remember(KEY_HOME, home)
                self._cipher = cipher
            return self._cipher

    def readable_key_id(self) -> str | None:
        """The current key's id, or None while the key cannot be read."""
        try:
            return self.cipher().key_id
        except KeyUnreadable:
            return None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- transactions -------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Generator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT (fsync'd); any storage failure becomes OutboxError."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except (sqlite3.Error, OSError) as exc:
                log.error("outbox write could not start: %s: %s", type(exc).__name__, exc)
                raise _translate(exc) from exc
            try:
                yield self._db
                self._db.execute("COMMIT")
            except (sqlite3.Error, OSError) as exc:
                self._rollback()
                log.error("outbox write failed: %s: %s", type(exc).__name__, exc)
                raise _translate(exc) from exc
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        try:
            self._db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite already rolled back (e.g. SQLITE_FULL)

    def read(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of a SELECT, taken while no write is half done."""
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                log.error("outbox read failed: %s: %s", type(exc).__name__, exc)
                raise _translate(exc) from exc

    # -- rows ---------------------------------------------------------------------------

    def insert(self, db: sqlite3.Connection, *, kind: str, method: str, path: str, key: str,
               username: str, body: bytes, code: str | None = None,
               backend_id: str | None = None) -> int:
        """Inside `transaction()`: seal the body and add the row; returns its seq."""
        try:
            cipher = self.cipher()
        except KeyUnreadable as exc:
            raise OutboxError(NO_KEY) from exc
        nonce, sealed = cipher.seal(body, aad(kind, key))
        cur = db.execute(
            "INSERT INTO outbox (kind, method, path, idempotency_key, username, code, key_id, "
            "nonce, body, created_at, backend_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, method, path, key, username, code, cipher.key_id, nonce, sealed, now_text(),
             backend_id))
        assert cur.lastrowid is not None  # set by every INSERT
        return cur.lastrowid

    def add(self, *, kind: str, method: str, path: str, key: str, username: str, body: bytes,
            code: str | None = None) -> int:
        with self.transaction() as db:
            return self.insert(db, kind=kind, method=method, path=path, key=key,
                               username=username, body=body, code=code)

    def body(self, row: Row) -> bytes:
        """The plain request body; UnreadableBody when it was sealed under a lost key."""
        from counter_app.client.outbox_key import UnreadableBody

        cipher = self.cipher()
        if row.key_id != cipher.key_id:
            raise UnreadableBody(f"row {row.seq} was sealed under key {row.key_id}")
        return cipher.open(row.nonce, row.body, row.aad)

    def _rows(self, where: str, args: tuple[object, ...] = ()) -> list[Row]:
        return [Row(*r) for r in self.read(
            f"SELECT {_COLUMNS} FROM outbox WHERE {where} ORDER BY seq", args)]

    def find(self, key: str) -> Row | None:
        rows = self._rows("idempotency_key = ?", (key,))
        return rows[0] if rows else None

    def get(self, seq: int) -> Row | None:
        rows = self._rows("seq = ?", (seq,))
        return rows[0] if rows else None

    def pending(self, username: str | None = None) -> list[Row]:
        if username is None:
            return self._rows("state = 'pending'")
        return self._rows("state = 'pending' AND username = ?", (username,))

    def conflicts(self) -> list[Row]:
        return self._rows("state = 'conflict'")

    def counts(self) -> Counts:
        key_id = self.readable_key_id()
        got = {"pending": 0, "conflict": 0, "unreadable": 0}
        for state, row_key, n in self.read(
                "SELECT state, key_id, COUNT(*) FROM outbox GROUP BY state, key_id"):
            got["unreadable" if row_key != key_id else state] += int(n)
        return Counts(got["pending"], got["conflict"], got["unreadable"])

    def unreadable(self) -> list[Row]:
        """Rows sealed under a key this PC does not have (or cannot read now)."""
        key_id = self.readable_key_id()
        if key_id is None:
            return self._rows("1")
        return self._rows("key_id != ?", (key_id,))

    def purge(self, seq: int) -> None:
        """The backend confirmed the write: nothing of it stays on this PC."""
        with self.transaction() as db:
            db.execute("DELETE FROM outbox WHERE seq = ?", (seq,))

    def record_attempt(self, seq: int, error: str) -> int:
        with self.transaction() as db:
            db.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
                       (error, seq))
            got = db.execute("SELECT attempts FROM outbox WHERE seq = ?", (seq,)).fetchone()
        return int(got[0]) if got else 0

    def mark_conflict(self, seq: int, detail: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE outbox SET state = 'conflict', attempts = attempts + 1, "
                       "last_error = ? WHERE seq = ?", (detail, seq))

    def retry(self, seq: int) -> bool:
        """The clerk fixed the cause: the conflict row goes back in line (same key, same body)."""
        with self.transaction() as db:
            cur = db.execute("UPDATE outbox SET state = 'pending' WHERE seq = ? "
                             "AND state = 'conflict'", (seq,))
            return cur.rowcount == 1

    def mark_handled(self, seq: int, by: str) -> bool:
        """The clerk dealt with a conflict, or re-entered a row this PC can never decrypt,
        outside the app; the record is kept in `handled`."""
        key_id = self.readable_key_id()
        if key_id is None:
            return False  # the key may come back: nothing is unreadable for good yet
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO handled (seq, kind, idempotency_key, username, code, key_id, nonce, "
                "body, created_at, last_error, handled_at, handled_by) "
                "SELECT seq, kind, idempotency_key, username, code, key_id, nonce, body, "
                "created_at, last_error, ?, ? FROM outbox WHERE seq = ? "
                "AND (state = 'conflict' OR key_id != ?)", (now_text(), by, seq, key_id))
            if cur.rowcount != 1:
                return False
            db.execute("DELETE FROM outbox WHERE seq = ?", (seq,))
            return True

    def handled(self) -> list[tuple[Any, ...]]:
        """(seq, code, last_error, handled_at, handled_by) of conflicts marked handled."""
        return self.read("SELECT seq, code, last_error, handled_at, handled_by FROM handled "
                          "ORDER BY seq")

    # -- small settings kept with the data they describe ----------------------------------

    def meta(self, key: str) -> str | None:
        got = self.read("SELECT value FROM meta WHERE key = ?", (key,))
        return got[0][0] if got else None

    def _remember(self, key: str, value: str) -> None:
        """set_meta, or part of the transaction already open (the first insert)."""
        if self._db.in_transaction:
            self._db.execute(_UPSERT_META, (key, value))
        else:
            self.set_meta(key, value)

    def meta_or_set(self, key: str, value: str) -> str:
        """The value kept under `key`, or `value` now kept there when there was none."""
        with self.transaction() as db:
            got = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            if got is not None:
                return str(got[0])
            db.execute(_UPSERT_META, (key, value))
            return value

    def set_meta(self, key: str, value: str | None) -> None:
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                db.execute(_UPSERT_META, (key, value))
