"""A province in the database: N offices with their services, counters and accounts, and a
signed-in session for every device, written with the backend's own models in a few
transactions (seconds), not through the admin API (minutes).

Two shortcuts, both for time and both safe for what is measured:
- one argon2 hash, made once, for every account: a hash costs ~25 ms, 2,200 of them a minute;
- sessions are inserted as security.issue_token writes them (SHA-256 of a random token),
  instead of 2,200 password logins, each an argon2 verification on the server.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from benchmarks.province_plan import SERVICES

SERVICE_ROWS = {"HT": ("Hộ tịch - chứng thực", "A"), "DD": ("Đất đai - xây dựng", "B"),
                "KD": ("Kinh doanh - đầu tư", "C"), "TKQ": ("Trả kết quả", "D")}


@dataclass
class SeededOffice:
    id: int
    kiosk: str                      # bearer tokens
    display: str
    clerks: list[str] = field(default_factory=list)  # counter n's clerk at n - 1


def seed(url: str, offices: int, counters: int) -> list[SeededOffice]:
    from backend import models
    from backend.db import Database
    from backend.security import hash_password, token_digest

    db = Database(url)
    password_hash = hash_password("tinh-123456")  # once for all accounts: see the docstring
    now = datetime.now(UTC)
    try:
        with db.write() as s:
            rows = [models.Office(code=f"TINH-{i:03d}", name=f"Trung tâm phục vụ hành chính "
                                  f"công số {i}", agency_code=f"000.{i:03d}.31.H56",
                                  parent_name="UBND TỈNH THỬ TẢI") for i in range(1, offices + 1)]
            s.add_all(rows)
            s.flush()
            users: list[tuple[models.User, int, str]] = []  # (user, office index, role)
            for i, office in enumerate(rows):
                services = [models.Service(office_id=office.id, code=code,
                                           name=SERVICE_ROWS[code][0],
                                           prefix=SERVICE_ROWS[code][1], active=True)
                            for code, _ in SERVICES]
                s.add_all(services)
                for n in range(1, counters + 1):
                    s.add(models.Counter(office_id=office.id, number=n, name=f"Quầy số {n}",
                                         services=services))
                    users.append((models.User(
                        office_id=office.id, username=f"tinh{i + 1:03d}.quay{n:02d}",
                        full_name=f"Cán bộ quầy {n}", role="clerk", password_hash=password_hash,
                        counter_no=n), i, "clerk"))
                for role in ("kiosk", "display"):
                    users.append((models.User(
                        office_id=office.id, username=f"tinh{i + 1:03d}.{role}",
                        full_name=f"Thiết bị {role}", role=role, password_hash=password_hash),
                        i, role))
            s.add_all([u for u, _, _ in users])
            s.flush()
            out = [SeededOffice(o.id, "", "") for o in rows]
            for user, i, role in users:
                token = secrets.token_urlsafe(32)
                s.add(models.AuthToken(token_hash=token_digest(token), user_id=user.id,
                                       created_at=now, expires_at=now + timedelta(hours=12)))
                if role == "clerk":
                    out[i].clerks.append(token)
                else:
                    setattr(out[i], role, token)
    finally:
        db.dispose()
    return out
