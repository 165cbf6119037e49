"""Synthetic people for the local population registry (deterministic, fixed seed).

Every number is well-formed: province code, century/sex digit and birth-year pair agree
with the person; chip cards were issued from 2021, never before the 14th birthday.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

SEED = 20240701
COUNT = 300

FAMILY = ["Nguyễn"] * 38 + ["Trần"] * 11 + ["Lê"] * 10 + ["Phạm"] * 7 + ["Hoàng"] * 5 + [
    "Huỳnh", "Phan", "Phan", "Vũ", "Vũ", "Võ", "Đặng", "Bùi", "Bùi", "Đỗ", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đinh", "Trịnh", "Đào", "Mai", "Tạ", "Lương"]
MIDDLE = {
    "Nam": ["Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Xuân", "Tiến", "Anh",
            "Công", "Ngọc", "Trung", "Duy", "Gia"],
    "Nữ": ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Mai",
           "Khánh", "Bảo", "Diệu", "Thùy", "Kim"],
}
GIVEN = {
    "Nam": ["Anh", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy",
            "Khang", "Khoa", "Long", "Mạnh", "Minh", "Nam", "Phong", "Phúc", "Quân", "Sơn",
            "Tài", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Hưng", "Đức"],
    "Nữ": ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền",
           "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh",
           "Phương", "Quỳnh", "Tâm", "Thảo", "Thủy", "Trang", "Trinh", "Uyên", "Vân", "Yến"],
}
STREETS = ["phố Đội Cấn", "phố Kim Mã", "phố Liễu Giai", "phố Đốc Ngữ", "phố Vĩnh Phúc",
           "phố Nguyễn Thái Học", "phố Phan Đình Phùng", "phố Quán Thánh", "phố Hoàng Hoa Thám",
           "phố Giảng Võ", "phố Ngọc Hà", "phố Văn Cao", "ngõ 294 Kim Mã", "ngõ 12 Đào Tấn"]
WARDS = ["phường Ba Đình", "phường Ngọc Hà", "phường Giảng Võ", "phường Kim Mã"]
# Birth registration mostly in Hà Nội, the rest from around the country.
PROVINCES = ["001"] * 12 + ["036", "034", "030", "038", "040", "027", "026", "033", "035",
                            "031", "022", "079", "048", "046", "037", "025"]
CHIP_CARDS_FROM = date(2021, 1, 1)
LAST_ISSUE = date(2025, 6, 30)


@dataclass(frozen=True)
class Person:
    id_number: str
    old_id_number: str | None
    full_name: str
    date_of_birth: date
    sex: str
    address: str
    issue_date: date
    assurance_level: int


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February
        return date(dob.year + years, 3, 1)


def generate(count: int = COUNT, seed: int = SEED) -> Iterator[Person]:
    rng = random.Random(seed)
    used: set[str] = set()
    while len(used) < count:
        sex = rng.choice(("Nam", "Nữ"))
        dob = _random_date(rng, date(1945, 1, 1), date(2009, 12, 31))
        digit = (dob.year // 100 - 19) * 2 + (0 if sex == "Nam" else 1)
        number = f"{rng.choice(PROVINCES)}{digit}{dob.year % 100:02d}{rng.randrange(10**6):06d}"
        if number in used:
            continue
        used.add(number)
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
        earliest = max(CHIP_CARDS_FROM, _birthday(dob, 14))
        issue = _random_date(rng, earliest, max(earliest, LAST_ISSUE))
        # People who had a 9-digit ID card before the 12-digit one (issued at 14+ before 2016).
        old = f"{rng.randrange(10**8, 10**9)}" if dob.year < 1995 and rng.random() < 0.4 else None
        address = (f"Số {rng.randint(1, 150)}, {rng.choice(STREETS)}, {rng.choice(WARDS)}, "
                   "thành phố Hà Nội")
        yield Person(number, old, name, dob, sex, address, issue, rng.choice((1, 2, 2)))
