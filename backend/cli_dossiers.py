"""`python -m backend dossier advance CODE STATUS [--note ...] [--by USER] --database ...`

For processing departments without a counter client, and scripts: one status step
straight on the database with the API's rules (backend/dossiers/lifecycle.py). Exit codes: 0 done,
1 refused (the reason on stderr, in Vietnamese), 2 wrong command line.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

REFUSED = 1
STATUSES = ("processing", "needs_supplement", "awaiting_fee", "ready", "returned")


def add_parser(sub: Any) -> None:
    d = sub.add_parser("dossier", help="chuyển trạng thái hồ sơ")
    d.add_argument("--database", default=None,
                   help="đường dẫn tệp SQLite hoặc URL SQLAlchemy (postgresql+psycopg://...)")
    g = d.add_subparsers(dest="action", required=True)
    a = g.add_parser("advance", help="chuyển hồ sơ sang trạng thái tiếp theo")
    a.add_argument("code", help="mã hồ sơ, ví dụ 000.00.17.H01-261124-0001")
    a.add_argument("status", choices=STATUSES)
    a.add_argument("--note", default=None, help="ghi chú của bước này")
    a.add_argument("--by", default=None,
                   help="tên đăng nhập của người thực hiện (mặc định: dòng lệnh)")
    a.add_argument("--database", dest="database_after", default=None,
                   help=argparse.SUPPRESS)


def run(a: argparse.Namespace) -> int:
    from sqlalchemy import select

    from backend import models
    from backend import settings as settings_mod
    from backend.db import Database
    from backend.dossiers.lifecycle import LABELS, advance
    from backend.errors import DomainError
    from backend.startup import migrate

    where = a.database_after or a.database or settings_mod.from_env().database_url or None
    db = Database(settings_mod.database_url(where))
    try:
        migrate(db)
        with db.read() as s:
            office_id = s.scalar(select(models.Office.id).order_by(models.Office.id).limit(1))
            user = None
            if a.by:
                user = s.scalar(select(models.User).where(models.User.username == a.by))
                if user is None or not user.active:
                    print(f"Không có tài khoản đang hoạt động tên {a.by!r}.", file=sys.stderr)
                    return REFUSED
                office_id = user.office_id
        if office_id is None:
            print("Cơ sở dữ liệu chưa có cơ quan.", file=sys.stderr)
            return REFUSED
        d = advance(db, office_id, a.code.strip(), a.status, a.note, user)
    except DomainError as exc:
        print(exc.message_vi, file=sys.stderr)
        return REFUSED
    finally:
        db.dispose()
    print(f"Hồ sơ {d.code}: {LABELS[d.status]}.")
    return 0
