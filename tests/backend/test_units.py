"""In-process checks of pieces the HTTP tests cannot see directly."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.identity.base import normalize_name
from backend.seed.citizens import generate
from backend.seed.procedures import load_catalogue
from counter_app.domain.cccd import validate_id_number

ROOT = Path(__file__).resolve().parents[2]


def test_synthetic_citizens_are_valid_and_deterministic():
    people = list(generate())
    assert people == list(generate())
    assert len({p.id_number for p in people}) == len(people) >= 200
    assert {p.sex for p in people} == {"Nam", "Nữ"}
    assert {p.assurance_level for p in people} == {1, 2}
    assert any(p.old_id_number for p in people)
    for p in people:
        assert validate_id_number(p.id_number, p.date_of_birth, p.sex) == p.id_number
        fourteen = date(p.date_of_birth.year + 14, 3, 1) if (
            p.date_of_birth.month, p.date_of_birth.day) == (2, 29) else (
            p.date_of_birth.replace(year=p.date_of_birth.year + 14))
        assert fourteen <= p.issue_date <= date(2025, 12, 31)
        assert p.old_id_number is None or len(p.old_id_number) == 9
        assert len(p.full_name.split()) == 3


def test_procedure_catalogue_is_marked_as_sample():
    raw = json.loads((ROOT / "resources/seed/procedures.json").read_text("utf-8"))
    assert raw["sample"] is True and "MẪU" in raw["label"]
    items = load_catalogue()
    assert 20 <= len(items) <= 30
    assert {"1.001193"} <= {p["code"] for p in items}
    fields = {p["field"] for p in items}
    assert {"Hộ tịch", "Chứng thực", "Đăng ký, quản lý cư trú", "Đất đai",
            "Thành lập và hoạt động của hộ kinh doanh", "Hoạt động xây dựng"} <= fields
    for p in items:
        assert p["sample"] is True and p["legal_basis"]
        assert p["processing_unit"] in ("working_days", "calendar_days", "working_hours")
        assert p["documents"] and set(p["result_delivery"]) <= {"counter", "post"}
    from backend import catalogue

    clean, errors = catalogue.validate(catalogue.parse_json(items))
    assert errors == [] and len(clean) == len(items)


def test_name_normalisation():
    assert normalize_name("  NGUYỄN   văn\tAn ") == normalize_name("Nguyễn Văn An")
    assert normalize_name("Nguyễn Văn An") != normalize_name("Nguyễn Văn Ân")


def test_migrations_head_constant_matches_the_scripts():
    from alembic.script import ScriptDirectory

    from backend.migrations import HEAD
    from backend.startup import MIGRATIONS

    assert ScriptDirectory(str(MIGRATIONS)).get_heads() == [HEAD]


def test_log_formatter_masks_id_numbers():
    from backend.logs import ScrubbingFormatter

    record = logging.LogRecord("x", logging.INFO, __file__, 1, "id %s", ("001090012345",), None)
    assert "001090012345" not in ScrubbingFormatter("%(message)s").format(record)


@pytest.fixture
def app(tmp_path):
    from backend.app import create_app
    from backend.db import Database
    from backend.settings import Settings
    from backend.startup import prepare_database

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    db = Database(settings.database_url)
    prepare_database(db, settings)
    app = create_app(settings, db)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret 001090012345")

    yield app
    db.dispose()


def test_errors_are_vietnamese_json(app, caplog):
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/boom")
        assert r.status_code == 500
        assert r.json() == {"detail": "Máy chủ gặp lỗi nội bộ. Vui lòng thử lại sau hoặc báo "
                                      "quản trị viên."}
        assert c.get("/api/v1/nothing").json() == {"detail": "Không tìm thấy."}
        assert c.delete("/api/v1/health").status_code == 405
        health = c.get("/api/v1/health").json()
        assert health["office"] is None and health["demo"] is False
    assert any("unhandled RuntimeError on GET /boom" in r.getMessage() for r in caplog.records)


def test_server_log_has_no_full_id_or_name(demo, clerk, cards):
    from tests.backend.conftest import card_fields

    for card in cards:
        clerk.post("/identity/verify", json={
            k: v for k, v in card_fields(card["payload"]).items()
            if k in ("id_number", "full_name", "date_of_birth", "sex")})
    log = demo.log_text
    assert "identity check" in log
    for card in cards:
        person = card_fields(card["payload"])
        assert person["id_number"] not in log
        assert person["full_name"] not in log
