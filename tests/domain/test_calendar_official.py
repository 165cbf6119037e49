"""The official yearly schedule ships as data and wins over the `holidays` package (which
gets 2/1/2026 and 10/1/2026 wrong); explain() says where each day came from; an admin's
notice file is refused whole, naming the line."""

from __future__ import annotations

import json
from datetime import date

import pytest

import resources
from counter_app.domain.calendar import WorkingCalendar, package_source
from counter_app.domain.official_calendar import NoticeError, parse_notice, year_from_json


def _shipped(year: int):
    path = resources.path("calendar", f"vn-official-{year}.json")
    return year_from_json(json.loads(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def official() -> WorkingCalendar:
    return WorkingCalendar(official=[_shipped(2025), _shipped(2026)])


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 1, 1), False),    # Tết Dương lịch
    (date(2026, 1, 2), False),    # Friday off, swapped with...
    (date(2026, 1, 10), True),    # ...Saturday 10/1, worked
    (date(2026, 2, 16), False),   # Tết Nguyên đán 14/2-22/2
    (date(2026, 2, 23), True),
    (date(2026, 4, 27), False),   # Hùng Kings fell on Sunday 26/4
    (date(2026, 4, 30), False),
    (date(2026, 5, 1), False),
    (date(2026, 8, 22), True),    # Saturday worked for...
    (date(2026, 8, 31), False),   # ...Monday 31/8 off
    (date(2026, 9, 2), False),
    (date(2026, 9, 3), True),
    (date(2025, 5, 2), False),    # 2025: Friday 2/5 off, made up on Saturday 26/4
    (date(2025, 4, 26), True),
    (date(2025, 1, 27), False),   # Tết 25/1-2/2/2025
])
def test_official_days_2025_2026(official, day, working):
    assert official.is_working_day(day) is working


def test_the_table_wins_where_the_package_guesses_wrong(official):
    package = WorkingCalendar()
    # The package's guess for 2026 (no swap in January).
    assert package.is_working_day(date(2026, 1, 2)) and not package.is_working_day(date(2026, 1, 10))
    assert not official.is_working_day(date(2026, 1, 2))
    assert official.is_working_day(date(2026, 1, 10))


def test_explain_says_where_each_day_came_from(official):
    assert official.explain(date(2026, 1, 2)) == (False, "Nghỉ bù", "Công văn 12729/VPCP-KGVX")
    assert official.explain(date(2026, 1, 10)) == (True, "Làm bù", "Công văn 12729/VPCP-KGVX")
    assert official.explain(date(2026, 2, 17)) == (False, "Tết Nguyên đán", "lịch chính thức 2026")
    assert official.explain(date(2026, 3, 7)) == (False, "Thứ Bảy", "lịch tuần")
    assert official.explain(date(2026, 3, 9)) == (True, "Thứ Hai", "lịch tuần")
    # A year without a table falls back to the package and says so.
    name = WorkingCalendar().holiday_name(date(2027, 9, 2))
    assert official.explain(date(2027, 9, 2)) == (False, name, package_source(2027))
    assert "chưa có lịch chính thức năm 2027" in package_source(2027)
    # The office's own overrides come first.
    office = WorkingCalendar(official=[_shipped(2026)], extra_days_off=[date(2026, 3, 10)],
                             extra_working_days=[date(2026, 1, 2)])
    assert office.explain(date(2026, 3, 10)) == (False, "Ngày nghỉ riêng của cơ quan", "cơ quan")
    assert office.explain(date(2026, 1, 2)) == (True, "Ngày làm việc bổ sung", "cơ quan")


GOOD_CSV = """date,kind,name,source
01/01/2027,day_off,Tết Dương lịch,Công văn 1/VPCP-KGVX
2027-01-02,make_up_working_day,Làm bù,Công văn 1/VPCP-KGVX
"""


def test_a_good_csv_notice():
    table = parse_notice(GOOD_CSV, "csv", 2027)
    cal = WorkingCalendar(official=[table])
    assert cal.explain(date(2027, 1, 2)) == (True, "Làm bù", "Công văn 1/VPCP-KGVX")
    assert cal.is_working_day(date(2027, 2, 8))  # no table entry: the weekly schedule decides


@pytest.mark.parametrize(("text", "fmt", "message"), [
    (GOOD_CSV + "31/02/2027,day_off,X,Y\n", "csv", "Dòng 4: ngày '31/02/2027' không hợp lệ"),
    (GOOD_CSV + "2027-03-01,holiday,X,Y\n", "csv", "Dòng 4: loại ngày 'holiday' không hợp lệ"),
    (GOOD_CSV + "2028-01-03,day_off,X,Y\n", "csv", "Dòng 4: ngày 03/01/2028 không thuộc năm 2027"),
    (GOOD_CSV + "2027-03-01,make_up_working_day,X,Y\n", "csv", "không phải Thứ Bảy"),
    ('{"year": 2027, "days": [{"date": "2027-01-01", "kind": "day_off"},'
     ' {"date": "2027-13-01", "kind": "day_off"}]}', "json", "Dòng 2"),
    ('{"year": 2026, "days": []}', "json", "không phải năm 2027"),
    ("{nope", "json", "Dòng 1: tệp JSON không đọc được"),
])
def test_a_bad_notice_is_refused_naming_the_line(text, fmt, message):
    with pytest.raises(NoticeError) as err:
        parse_notice(text, fmt, 2027)
    assert message in str(err.value)
