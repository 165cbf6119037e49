"""Oversized and malformed requests against the real backend over loopback HTTP: each gets
a 4xx with a Vietnamese {"detail"} (FastAPI's field list for a JSON syntax error), never
a 5xx, never a traceback, and the server answers the next request as before."""

from __future__ import annotations

import json

import httpx
import pytest

from backend.errors import BAD_BODY
from backend.input_guard import BAD_TEXT, BIG_HEADERS, NOT_JSON
from tests.hostile.conftest import API, bearer, server_errors

TOO_LARGE = "Dữ liệu gửi lên quá lớn."
VERIFY = {"id_number": "001090012345", "full_name": "Nguyễn Văn An",
          "date_of_birth": "1990-01-01", "sex": "Nam"}


@pytest.fixture(scope="module")
def clerk(server):
    with httpx.Client(base_url=server.base_url + API, headers=bearer(server.base_url, "canbo1"),
                      timeout=15) as client:
        yield client


@pytest.fixture(scope="module")
def admin(server):
    with httpx.Client(base_url=server.base_url + API,
                      headers=bearer(server.base_url, "quantri"), timeout=15) as client:
        yield client


def refused(r: httpx.Response, status: int, detail: str | None = None) -> dict:
    """The answer is `status` as JSON, says `detail`, and carries no server internals."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert "Traceback" not in r.text and 'File "' not in r.text
    body = r.json()
    if detail is not None:
        assert body == {"detail": detail}
    return body


def still_serving(client: httpx.Client) -> None:
    assert client.get("/auth/me").status_code == 200


def post_json_text(client: httpx.Client, path: str, text: str | bytes, **headers: str):
    data = text.encode() if isinstance(text, str) else text
    return client.post(path, content=data,
                       headers={"Content-Type": "application/json", **headers})


def test_a_body_over_the_limit_is_refused_before_it_is_read(server, clerk):
    big = json.dumps({**VERIFY, "full_name": "A" * 70_000})
    refused(post_json_text(clerk, "/identity/verify", big), 413, TOO_LARGE)

    def stream():  # no Content-Length: the limit is counted as the body arrives
        for _ in range(80):
            yield b" " * 1024

    refused(clerk.post("/identity/verify", content=stream(),
                       headers={"Content-Type": "application/json"}), 413, TOO_LARGE)
    still_serving(clerk)
    log = (server.data_dir / "backend.log").read_text("utf-8")
    assert "POST /api/v1/identity/verify -> 413" in log  # what the admin reads: not a 500
    assert "POST /api/v1/identity/verify -> 500" not in log


def test_a_catalogue_file_has_its_own_larger_limit(admin):
    # 100 KB is over the 64 KB form limit but well under the catalogue's 4 MB: the file
    # reaches the importer, which refuses the bad rows and writes nothing.
    rows = "code,name,field,processing_days\n" + "x,,,\n" * 20_000
    r = admin.post("/admin/procedures/import", content=rows.encode(),
                   headers={"Content-Type": "text/csv"})
    assert r.status_code == 422, r.text
    assert r.json()["created"] == 0


def test_json_that_does_not_parse_gets_the_field_list(clerk):
    text = '{"id_number": '
    body = refused(post_json_text(clerk, "/identity/verify", text), 422)
    assert body["detail"][0]["type"] == "json_invalid"
    assert body["detail"][0]["loc"] == ["body", len(text)]  # where the JSON broke off


@pytest.mark.parametrize("body", [
    b'{"full_name": "\xff\xfe"}',                   # not UTF-8
    b"[" * 30_000 + b"]" * 30_000,                   # nested past the parser's depth
    b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
], ids=["not-utf8", "deep-list", "deep-object"])
def test_a_body_that_cannot_be_read_says_so(clerk, body):
    refused(post_json_text(clerk, "/identity/verify", body), 400, BAD_BODY)
    still_serving(clerk)


@pytest.mark.parametrize("content_type", [
    "text/plain", "application/x-www-form-urlencoded", "application/xml", None])
def test_a_body_in_another_format_gets_415(clerk, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    r = clerk.post("/identity/verify", content=json.dumps(VERIFY).encode(), headers=headers)
    refused(r, 415, NOT_JSON)
    assert "001090012345" not in r.text  # FastAPI's 422 would have echoed the body back


def test_json_with_a_charset_or_a_json_suffix_is_still_json(clerk):
    for kind in ("application/json; charset=utf-8", "application/problem+json"):
        r = clerk.post("/identity/verify", content=json.dumps(VERIFY).encode(),
                       headers={"Content-Type": kind})
        assert r.status_code == 200, (kind, r.text)


def test_the_catalogue_import_still_takes_csv(admin):
    r = admin.post("/admin/procedures/import", content=b"code,name\n",
                   headers={"Content-Type": "text/csv"})
    assert r.status_code == 422 and r.json()["created"] == 0  # read as CSV, not refused


def test_headers_over_16_kib_are_refused(clerk):
    refused(clerk.get("/auth/me", headers={"X-Padding": "a" * 20_000}), 431, BIG_HEADERS)
    refused(clerk.get("/auth/me", headers={"Authorization": "Bearer " + "x" * 8_000}), 401)
    still_serving(clerk)


@pytest.mark.parametrize("text", [
    '{"id_number": "001090012345", "full_name": "Nguyễn\\u0000Văn", '
    '"date_of_birth": "1990-01-01", "sex": "Nam"}',                       # NUL escape
    '{"id_number": "001090012345", "full_name": "\\ud800Văn", '
    '"date_of_birth": "1990-01-01", "sex": "Nam"}',                       # lone surrogate
    '{"id_number": "001090012345", "full_name": "Văn\\udc00", '
    '"date_of_birth": "1990-01-01", "sex": "Nam"}',                       # lone low half
], ids=["nul", "high-surrogate", "low-surrogate"])
def test_nul_and_broken_unicode_in_a_body_get_422(clerk, text):
    refused(post_json_text(clerk, "/identity/verify", text), 422, BAD_TEXT)


def test_text_that_only_looks_like_a_nul_escape_is_accepted(clerk):
    # "\\u0000" in JSON is a backslash followed by "u0000": ordinary text, and an emoji
    # written as a surrogate pair is a whole character.
    for name in ('Văn\\\\u0000', 'Văn \\ud83d\\ude00'):
        text = ('{"id_number": "001090012345", "full_name": "' + name
                + '", "date_of_birth": "1990-01-01", "sex": "Nam"}')
        r = post_json_text(clerk, "/identity/verify", text)
        assert r.status_code == 200, (name, r.text)


@pytest.mark.parametrize("path", [
    "/dossiers/000.00.17.H01-260101-%00001",    # NUL in a path segment
    "/queue/tickets?service=HT%00",               # NUL in a query
    "/ledger?date=2026-01-01%00",
])
def test_nul_in_a_path_or_query_gets_422(clerk, path):
    refused(clerk.get(path), 422, BAD_TEXT)


def test_a_raw_nul_in_a_csv_catalogue_gets_422(admin):
    r = admin.post("/admin/procedures/import", content=b"code,name\n1.1,A\x00B\n",
                   headers={"Content-Type": "text/csv"})
    refused(r, 422, BAD_TEXT)


@pytest.mark.parametrize("method,path,body", [
    ("post", "/queue/tickets/99999999999999999999999/start", None),
    ("post", "/queue/tickets/2147483648/call", {"counter_no": 1}),   # past PostgreSQL INTEGER
    ("post", "/queue/counters/1000000000000/resume", None),
    ("post", "/queue/tickets/0/finish", None),
    ("get", "/queue/events?after=99999999999999999999", None),
    ("post", "/refusals", {"procedure_code": "1.001193", "reason": "x", "ticket_id": 10**30,
                           "applicant": {"id_number": "001090012345", "full_name": "A"}}),
    ("post", "/admin/services", {"code": "X1", "name": "X", "prefix": "X",
                                 "daily_cap": 10**30}),
    ("post", "/dossiers", {"procedure_code": "1.001193", "identity_outcome": "unverified",
                           "applicant": {"id_number": "001090012345", "full_name": "A",
                                         "date_of_birth": "1990-01-01", "sex": "Nam",
                                         "address": "x"},
                           "offline": {"lease_id": 10**30, "ledger_no": 1,
                                       "received_at": "2026-11-24T09:00:00+07:00",
                                       "tracking_token": "a" * 32}}),
])
def test_numbers_past_what_the_database_holds_get_422(clerk, admin, method, path, body):
    client = admin if path.startswith("/admin/") else clerk
    r = client.request(method.upper(), path, json=body,
                       headers={"Idempotency-Key": "hostile-numbers-1"})
    assert r.status_code == 422, r.text
    bounds = [e for e in r.json()["detail"]
              if e["type"] in ("less_than_equal", "greater_than_equal")]
    assert bounds and bounds[0]["loc"][-1] in ("ticket_id", "no", "after", "daily_cap",
                                               "lease_id")


@pytest.mark.parametrize("path", [
    "/ledger?date=0001-01-01", "/ledger?date=9999-12-31",
    "/stats?from=0001-01-01&to=0001-01-02", "/stats?from=9999-12-30&to=9999-12-31",
    "/admin/audit?date_from=0001-01-01", "/admin/audit?date_to=9999-12-31",
])
def test_days_at_the_ends_of_the_calendar_get_422(admin, path):
    body = refused(admin.get(path), 422)
    assert "Ngày phải trong khoảng 01/01/1900 - 31/12/2999" in body["detail"][0]["msg"]


def test_null_in_an_update_leaves_the_field_as_it_was(admin):
    before = admin.get("/admin/office").json()
    r = admin.put("/admin/office", json={"queue_strategy": None, "name": None})
    assert r.status_code == 200, r.text
    assert r.json() == before  # not "None" as the office name, not a 500
    counter = admin.put("/admin/counters/2", json={"service_codes": None, "state": None})
    assert counter.status_code == 200, counter.text


def test_an_odd_last_event_id_does_not_break_the_event_stream(server, clerk):
    # "²" passes str.isdigit() but not int(); the display must still get its stream.
    with httpx.stream("GET", f"{server.base_url}{API}/queue/events", timeout=5,
                      headers={**clerk.headers, "Last-Event-ID": "²".encode("latin-1")}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")


def test_405_names_every_method_the_path_serves(clerk):
    r = clerk.delete("/queue/tickets")
    refused(r, 405, "Phương thức không được hỗ trợ.")
    assert r.headers["allow"] == "GET, POST"


def test_none_of_this_left_an_error_in_the_server_log(server):
    assert server_errors(server) == []
