"""The applicant's public pages over real HTTP: the status page shows the masked name and
the timeline but no personal data; every kind of miss (unknown token, unknown code, wrong
phone digits) gets the same status and body in about the same time; misses are rate
limited per client address (more in test_lookup_limit.py)."""

from __future__ import annotations

import statistics
import time

import httpx
import pytest

from counter_app.domain.privacy import mask_name
from tests.backend.dossier_helpers import applicant, matched_card, new_dossier, step

SECRET_NOTE = "Thiếu giấy khai sinh của Nguyễn Văn Bảy, CCCD 001090099999"


@pytest.fixture(scope="module")
def site(tmp_path_factory, cards):
    """A backend with a generous lookup limit and one dossier with a timeline."""
    from counter_app.embedded import EmbeddedBackend
    from tests.backend.conftest import Api

    backend = EmbeddedBackend(tmp_path_factory.mktemp("public"), demo=True,
                              extra_args=("--lookup-limit", "500/600"))
    backend.start(timeout=30)
    api = Api(backend)
    card = matched_card(cards)
    with api.as_user("canbo1") as clerk:
        d = new_dossier(clerk, card, result_delivery="post",
                        delivery_address="Số 7 ngõ 294 Kim Mã, Hà Nội")
        for s in ("processing", "needs_supplement"):
            assert step(clerk, d["code"], s, SECRET_NOTE).status_code == 200
        no_phone = new_dossier(clerk, card, applicant={**applicant(card), "phone": None})
    try:
        yield api, d, no_phone
    finally:
        backend.stop()


def lookup(base: str, code: str, digits: str) -> httpx.Response:
    return httpx.post(f"{base}/tra-cuu", data={"ma_ho_so": code, "so_dien_thoai": digits})


def test_status_page_content_and_no_personal_data(site):
    api, d, _ = site
    person = d["applicant"]
    for r in (httpx.get(d["tracking_url"]), lookup(api.base_url, d["code"], "5678")):
        assert r.status_code == 200, r.text
        html = r.text
        assert r.headers["cache-control"] == "no-store"
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert d["code"] in html and "Đăng ký thường trú" in html
        assert mask_name(person["full_name"]) in html
        assert "Chờ bổ sung hồ sơ" in html and "Đã tiếp nhận" in html  # timeline
        assert html.count('<li') == 4  # 3 steps + the expected return
        assert "UBND phường Ba Đình" in html and "024 3823 4567" in html
        assert "Số 25 phố Đội Cấn" in html
        dob = person["date_of_birth"]
        leaks = [person["full_name"], person["id_number"], person["id_number"][-6:],
                 person["address"], person["phone"], "5678", person["email"],
                 dob, f"{dob[8:]}/{dob[5:7]}/{dob[:4]}", d["delivery_address"], "Kim Mã",
                 SECRET_NOTE, "001090099999", d["tracking_token"] if r.request.method == "POST"
                 else "no-token-check", "Nguyễn Thị Lan"]
        if person["old_id_number"]:
            leaks.append(person["old_id_number"])
        assert [x for x in leaks if x in html] == []


def test_every_miss_gets_the_same_answer(site):
    api, d, no_phone = site
    base = api.base_url
    misses = {
        "unknown token": lambda: httpx.get(f"{base}/t/{'A' * 32}"),
        "long token": lambda: httpx.get(f"{base}/t/{'B' * 300}"),
        "code as token": lambda: httpx.get(f"{base}/t/{d['code']}"),
        "unknown code": lambda: lookup(base, "000.00.17.H01-200101-0001", "5678"),
        "wrong digits": lambda: lookup(base, d["code"], "5679"),
        "bad digits": lambda: lookup(base, d["code"], "56a8"),
        "no phone on file": lambda: lookup(base, no_phone["code"], "0000"),
        "empty form": lambda: httpx.post(f"{base}/tra-cuu", content=b""),
    }
    answers = {name: send() for name, send in misses.items()}
    assert {r.status_code for r in answers.values()} == {404}
    bodies = {r.text for r in answers.values()}
    assert len(bodies) == 1 and "Không tìm thấy hồ sơ." in bodies.pop()

    timings: dict[str, list[float]] = {k: [] for k in ("unknown token", "unknown code",
                                                        "wrong digits")}
    for _ in range(15):
        for name in timings:
            t0 = time.perf_counter()
            misses[name]()
            timings[name].append(time.perf_counter() - t0)
    medians = {k: statistics.median(v) for k, v in timings.items()}
    assert max(medians.values()) - min(medians.values()) < 0.025, medians


def test_lookup_form_page(site):
    api, _, _ = site
    r = httpx.get(f"{api.base_url}/tra-cuu")
    assert r.status_code == 200
    assert 'name="ma_ho_so"' in r.text and 'name="so_dien_thoai"' in r.text
    assert "4 số cuối điện thoại" in r.text


def test_lookups_are_rate_limited_per_address(start_backend, cards):
    api = start_backend("--lookup-limit", "3/600")
    with api.as_user("canbo1") as clerk:
        d = new_dossier(clerk, matched_card(cards))
    for _ in range(5):  # the applicant reloading the page or looking up is not counted
        assert httpx.get(d["tracking_url"]).status_code == 200
        assert lookup(api.base_url, d["code"], "5678").status_code == 200
    assert lookup(api.base_url, d["code"], "0000").status_code == 404
    assert httpx.get(f"{api.base_url}/t/{'C' * 32}").status_code == 404
    assert lookup(api.base_url, d["code"], "1111").status_code == 404
    limited = [lookup(api.base_url, d["code"], "5678"),
               httpx.get(f"{api.base_url}/t/{'C' * 32}")]
    for r in limited:
        assert r.status_code == 429
        assert "Tra cứu quá nhiều lần" in r.text and "phút" in r.text
        assert 0 < int(r.headers["retry-after"]) <= 600
        assert d["code"] not in r.text
    assert httpx.get(d["tracking_url"]).status_code == 200  # a QR link is not guessable
    assert httpx.get(f"{api.base_url}/tra-cuu").status_code == 200  # the form itself
