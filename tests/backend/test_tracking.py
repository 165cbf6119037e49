from __future__ import annotations

import uuid

import httpx

from counter_app.domain.privacy import mask_name
from tests.backend.conftest import card_fields
from tests.backend.test_dossiers import draft, post

NOT_FOUND = "Không tìm thấy hồ sơ."


def test_status_page_shows_masked_name_only(clerk, cards, demo):
    card = next(c for c in cards if c["expect"] == "matched")
    person = card_fields(card["payload"])
    d = post(clerk, draft(card, procedure="1.001193"), uuid.uuid4().hex).json()
    r = httpx.get(d["tracking_url"])
    assert r.status_code == 200
    html = r.text
    assert d["code"] in html and "Đăng ký khai sinh" in html
    assert mask_name(person["full_name"]) in html
    assert person["full_name"] not in html
    assert person["id_number"] not in html and person["id_number"][-6:] not in html
    assert person["address"] not in html and "0912345678" not in html
    assert "UBND phường Ba Đình" in html and "024 3823 4567" in html
    assert r.headers["cache-control"] == "no-store"


def test_unknown_token_is_a_generic_404_page(demo):
    for token in ("x" * 32, "short", "0" * 200):
        r = httpx.get(f"{demo.base_url}/t/{token}")
        assert r.status_code == 404
        assert NOT_FOUND in r.text


def test_dossier_code_does_not_open_the_page(clerk, cards, demo):
    card = next(c for c in cards if c["expect"] == "matched")
    d = post(clerk, draft(card), uuid.uuid4().hex).json()
    assert httpx.get(f"{demo.base_url}/t/{d['code']}").status_code == 404
