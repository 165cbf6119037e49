"""The demo office, its counters and accounts (demo passwords: demo mode only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend import models
from backend.security import hash_password
from backend.seed.queue import device_accounts

OFFICE = {
    "code": "HN-BADINH",
    "name": "UBND phường Ba Đình",
    "agency_code": "000.00.17.H01",
    "parent_name": "UBND THÀNH PHỐ HÀ NỘI",
    "address": "Số 25 phố Đội Cấn, phường Ba Đình, thành phố Hà Nội",
    "hotline": "024 3823 4567",
}
COUNTERS = 4

# (username = password, role, full name, counter)
ACCOUNTS: tuple[tuple[str, str, str, int | None], ...] = (
    ("canbo1", "clerk", "Nguyễn Thị Lan", 1),
    ("canbo2", "clerk", "Trần Văn Minh", 2),
    ("canbo3", "clerk", "Lê Thu Hà", 3),
    ("canbo4", "clerk", "Phạm Quốc Hùng", 4),
    ("giamsat", "supervisor", "Hoàng Thị Mai", None),
    ("quantri", "admin", "Đỗ Văn Quân", None),
)


def demo_accounts() -> list[dict[str, str]]:
    people = [(u, r, n) for u, r, n, _ in ACCOUNTS]
    return [{"username": u, "password": u, "role": r, "full_name": n}
            for u, r, n in people + device_accounts()]


def seed_office(s: Session) -> models.Office:
    office = models.Office(**OFFICE)
    s.add(office)
    s.flush()
    for n in range(1, COUNTERS + 1):
        s.add(models.Counter(office_id=office.id, number=n, name=f"Quầy số {n}"))
    for username, role, full_name, counter_no in ACCOUNTS:
        s.add(models.User(office_id=office.id, username=username, full_name=full_name,
                          role=role, password_hash=hash_password(username),
                          counter_no=counter_no, active=True))
    return office
