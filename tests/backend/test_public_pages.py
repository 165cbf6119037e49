"""The applicant's public pages over real HTTP: the status page shows the masked name and
the timeline but no personal data; every kind of miss (unknown token, unknown code, wrong
phone digits) gets the same status and body after the same work; misses are rate
limited per client address (more in test_lookup_limit.py)."""

from __future__ import annotations

import hmac
from contextlib import contextmanager

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
        assert d["code"] in html and "Cấp giấy phép xây dựng mới" in html
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



class _Rows:
    def __init__(self, row) -> None:
        self.row = row

    def first(self):
        return self.row


class _Db:
    """Stands in for backend.db.Database: counts the queries a lookup makes."""

    def __init__(self, row) -> None:
        self.row, self.queries = row, 0

    @contextmanager
    def read(self):
        yield self

    def execute(self, statement):
        self.queries += 1
        return _Rows(self.row)


@pytest.mark.parametrize(("row", "digits"), [
    (None, "5678"),  # unknown code
    (("tok", {"phone": "0912345678"}), "5679"),  # wrong digits
    (("tok", {"phone": "0912345678"}), "56a8"),  # not digits
    (("tok", {}), "0000"),  # no phone on file
    (("tok", {"phone": "0912345678"}), "5678"),  # the hit, for comparison
])
def test_every_lookup_does_the_same_work(monkeypatch, row, digits):
    """Misses cannot be told apart by their time because they do the same work as a hit:
    one single-row query, one constant-time comparison of 4 bytes with 4 bytes. (How long
    that takes is not a test's business: timings on a loaded machine are noise.)"""
    from backend.dossiers import public_lookup

    compared: list[tuple[int, int]] = []
    real = hmac.compare_digest
    monkeypatch.setattr(public_lookup.hmac, "compare_digest",
                        lambda a, b: compared.append((len(a), len(b))) or real(a, b))
    db = _Db(row)
    found = public_lookup.token_for_lookup(db, "000.00.17.H01-200101-0001", digits)
    assert db.queries == 1 and compared == [(4, 4)]
    assert found == ("tok" if (row, digits) == (("tok", {"phone": "0912345678"}), "5678")
                     else None)


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
