"""`counter-app backup FILE` / `counter-app restore FILE --yes`: copies of the backend's
database (backend/backup.py). Exit codes: 0 done, 1 refused (reason on stderr)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

DB_HELP = "đường dẫn tệp SQLite hoặc URL SQLAlchemy (postgresql+psycopg://...)"


def add_parser(sub: Any) -> None:
    b = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu (được khi máy chủ đang chạy)")
    b.add_argument("file", type=Path, help="tệp sao lưu sẽ tạo (không ghi đè tệp có sẵn)")
    b.add_argument("--database", default=None, help=DB_HELP)
    r = sub.add_parser("restore", help="khôi phục cơ sở dữ liệu từ một bản sao lưu")
    r.add_argument("file", type=Path, help="tệp sao lưu")
    r.add_argument("--database", default=None, help=DB_HELP)
    r.add_argument("--yes", action="store_true",
                   help="xác nhận thay toàn bộ dữ liệu hiện có bằng bản sao lưu")


def run(a: argparse.Namespace) -> int:
    from backend import backup
    from backend import settings as settings_mod

    url = settings_mod.database_url(a.database or settings_mod.from_env().database_url or None)
    try:
        if a.command == "backup":
            done = backup.backup(url, a.file)
            print(f"Đã sao lưu vào {done.path} ({done.bytes / 1e6:.1f} MB, "
                  f"{done.seconds:.1f} giây).")
            return 0
        if not a.yes:
            print("Khôi phục thay TOÀN BỘ dữ liệu hiện có bằng bản sao lưu. Chạy lại với --yes "
                  "để xác nhận.", file=sys.stderr)
            return 1
        done = backup.restore(url, a.file)
    except backup.BackupError as exc:
        print(exc, file=sys.stderr)
        return 1
    from backend.db import Database
    from backend.startup import migrate

    db = Database(url)
    try:
        migrate(db)  # a backup from an older version is brought up to date
    finally:
        db.dispose()
    print(f"Đã khôi phục từ {done.path} ({done.seconds:.1f} giây).")
    return 0
