"""Back up and restore the backend's database while it runs.

SQLite: the online backup API copies a consistent snapshot page by page (writers are held
only for each step), including what is still in the write-ahead log; a restore copies the
backup into the live database the same way, so open connections see it at once and no
file is swapped under them. PostgreSQL: `pg_dump --format=custom` and `pg_restore
--clean`. Backups hold applicants' personal data: they are created readable by their
owner only (on Windows the user's profile folder ACLs do the same job).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from backend.db import sqlite_file
from backend.files import create_private

PAGES_PER_STEP = 4096  # ~16 MiB: writers wait at most one step


class BackupError(Exception):
    """Vietnamese message for the person running the command."""


@dataclass(frozen=True)
class Done:
    path: Path
    bytes: int
    seconds: float


def sqlite_path(url: str) -> Path | None:
    path = sqlite_file(url)
    return path.resolve() if path is not None else None


def _pg_uri(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
            return str(candidate)
        raise BackupError(f"Không tìm thấy chương trình {name} của PostgreSQL trên máy này.")
    return found


def backup(url: str, out: Path) -> Done:
    started = time.perf_counter()
    out = out.expanduser().resolve()
    if out.exists():
        raise BackupError(f"Tệp {out} đã có; chọn tên khác để không ghi đè bản sao lưu cũ.")
    out.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite_path(url)
    if source is not None:
        if not source.exists():
            raise BackupError(f"Không có cơ sở dữ liệu {source}.")
        create_private(out)
        try:
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, \
                    sqlite3.connect(out) as dst:
                src.backup(dst, pages=PAGES_PER_STEP)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        except sqlite3.Error as exc:
            out.unlink(missing_ok=True)
            raise BackupError(f"Sao lưu không thành công: {exc}.") from exc
    else:
        create_private(out)
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={out}",
              f"--dbname={_pg_uri(url)}"], out)
    return Done(out, out.stat().st_size, time.perf_counter() - started)


def restore(url: str, backup_file: Path) -> Done:
    started = time.perf_counter()
    backup_file = backup_file.expanduser().resolve()
    if not backup_file.is_file():
        raise BackupError(f"Không có tệp sao lưu {backup_file}.")
    target = sqlite_path(url)
    if target is not None:
        _check_sqlite_backup(backup_file)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            create_private(target)
        try:
            with sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True) as src, \
                    sqlite3.connect(target, timeout=30) as dst:
                src.backup(dst, pages=PAGES_PER_STEP)
        except sqlite3.Error as exc:
            raise BackupError(f"Khôi phục không thành công: {exc}. Cơ sở dữ liệu chưa bị "
                              "thay đổi nếu lỗi xảy ra trước khi chép.") from exc
    else:
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
              "--single-transaction", f"--dbname={_pg_uri(url)}", str(backup_file)], None)
    return Done(backup_file, backup_file.stat().st_size, time.perf_counter() - started)


def _check_sqlite_backup(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            ok = con.execute("PRAGMA quick_check").fetchone()[0]
            version = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"Tệp {path.name} không phải bản sao lưu cơ sở dữ liệu Một cửa "
                          f"({exc}).") from exc
    if ok != "ok":
        raise BackupError(f"Tệp sao lưu {path.name} bị hỏng ({ok}); không khôi phục.")
    if version is None:
        raise BackupError(f"Tệp {path.name} không phải bản sao lưu cơ sở dữ liệu Một cửa.")


def _run(cmd: list[str], out: Path | None) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ))
    if done.returncode != 0:
        if out is not None:
            out.unlink(missing_ok=True)
        raise BackupError(f"{Path(cmd[0]).name} báo lỗi: {done.stderr.strip()[-500:]}")
