from __future__ import annotations

import unicodedata
from datetime import datetime

from tests.backend.conftest import card_fields


def _req(card: dict) -> dict:
    f = card_fields(card["payload"])
    return {k: f[k] for k in ("id_number", "full_name", "date_of_birth", "sex")}


def _verify(clerk, body):
    r = clerk.post("/identity/verify", json=body)
    assert r.status_code == 200, r.text
    return r.json()


def test_demo_cards_cover_each_outcome(cards):
    assert {c["expect"] for c in cards} == {"matched", "mismatched", "not_found"}
    assert len(cards) == 10
    for c in cards:
        assert len(c["payload"].split("|")) >= 7 and c["label"]


def test_each_demo_card_gets_its_expected_outcome(clerk, cards):
    for card in cards:
        result = _verify(clerk, _req(card))
        assert result["outcome"] == card["expect"], card["label"]
        assert result["provider"] == "local"
        assert result["message"]
        assert datetime.fromisoformat(result["checked_at"]).utcoffset().total_seconds() == 7 * 3600
        if card["expect"] == "matched":
            assert result["assurance_level"] in (1, 2)
            assert result["mismatched_fields"] == []
        if card["expect"] == "mismatched":
            assert result["mismatched_fields"] == ["full_name"]
        if card["expect"] == "not_found":
            assert result["assurance_level"] is None


def test_mismatch_names_every_wrong_field(clerk, cards):
    body = _req(next(c for c in cards if c["expect"] == "matched"))
    body["sex"] = "Nữ" if body["sex"] == "Nam" else "Nam"
    body["date_of_birth"] = "1901-02-03"
    result = _verify(clerk, body)
    assert result["outcome"] == "mismatched"
    assert result["mismatched_fields"] == ["date_of_birth", "sex"]
    assert "ngày sinh" in result["message"] and "giới tính" in result["message"]


def test_name_compare_ignores_case_spacing_and_unicode_form(clerk, cards):
    body = _req(next(c for c in cards if c["expect"] == "matched"))
    body["full_name"] = "  " + unicodedata.normalize("NFD", body["full_name"].upper()).replace(
        " ", "   ") + " "
    assert _verify(clerk, body)["outcome"] == "matched"


def test_bad_requests_are_422(clerk, cards):
    good = _req(cards[0])
    for bad in ({"id_number": "00109001234"}, {"id_number": "00109001234a"},
                {"id_number": "0010900123456"}, {"sex": "Male"}, {"date_of_birth": "01/01/1990"}):
        r = clerk.post("/identity/verify", json={**good, **bad})
        assert r.status_code == 422, bad
        assert isinstance(r.json()["detail"], list)


def test_verify_needs_login(demo, cards):
    with demo.client() as c:
        assert c.post("/identity/verify", json=_req(cards[0])).status_code == 401
