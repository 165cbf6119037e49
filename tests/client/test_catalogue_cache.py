"""The offline copy of the catalogue and calendar: atomic, readable back, tolerant of junk."""

from __future__ import annotations

from datetime import date, datetime, time

from counter_app.client.catalogue_cache import calendar_cache, catalogue_cache
from counter_app.client.dossiers import CalendarOverrides
from counter_app.client.models import Procedure
from counter_app.domain.calendar import OFFICE_TZ

PROC = {"code": "1.001193", "name": "Đăng ký khai sinh", "field": "Hộ tịch",
        "processing_days": 0, "processing_unit": "working_days", "fee": 0, "cutoff": "15:00",
        "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0, "required": True}],
        "result_delivery": ["counter", "post"], "sample": True, "legal_basis": None}


def test_saved_catalogue_reads_back_with_its_time(tmp_path):
    cache = catalogue_cache(tmp_path)
    now = datetime(2026, 11, 24, 9, 5, tzinfo=OFFICE_TZ)
    cache.save([PROC], now)
    loaded = cache.load()
    assert loaded is not None and loaded.label == "09:05 24/11"
    proc = Procedure.from_json(loaded.data[0])
    assert proc.name == "Đăng ký khai sinh" and proc.cutoff == "15:00" and proc.sample
    assert [p.name for p in tmp_path.iterdir()] == ["catalogue.json"]  # no temp file left


def test_default_folder_is_the_app_cache_dir():
    from counter_app import paths

    assert catalogue_cache().path.parent == paths.cache_dir()


def test_missing_or_broken_cache_is_none(tmp_path):
    cache = catalogue_cache(tmp_path)
    assert cache.load() is None
    cache.path.write_text("{half a catal", encoding="utf-8")
    assert cache.load() is None
    cache.path.write_text('{"format": 99, "saved_at": "x", "data": []}', encoding="utf-8")
    assert cache.load() is None


def test_a_failed_write_keeps_the_previous_copy(tmp_path):
    cache = catalogue_cache(tmp_path)
    cache.save([PROC])
    try:
        cache.save([object()])  # not JSON: fails before anything is replaced
    except TypeError:
        pass
    assert cache.load().data == [PROC]


def test_calendar_overrides_round_trip_and_build_the_working_calendar(tmp_path):
    overrides = CalendarOverrides.from_json({
        "extra_days_off": ["2026-12-31"], "extra_working_days": ["2026-12-26"],
        "office_hours": [["07:30", "11:30"], ["13:00", "16:30"]]})
    cache = calendar_cache(tmp_path)
    cache.save(overrides.to_json())
    again = CalendarOverrides.from_json(cache.load().data)
    assert again == overrides
    cal = again.working_calendar()
    assert not cal.is_working_day(date(2026, 12, 31))
    assert cal.is_working_day(date(2026, 12, 26))  # a Saturday made a working day
    assert cal.office_hours[0] == (time(7, 30), time(11, 30))
