"""The public lookup's rate limit over real HTTP (issue 12, item 14): misses are
counted, hits never, so a valid QR link opens for a whole office behind one NAT;
X-Forwarded-For counts only from a configured proxy (else rotating it would bypass the
limit and forge the audit log's address); an IPv6 client counts by its /64."""

from __future__ import annotations

import uuid

import httpx

from tests.backend.dossier_helpers import matched_card, new_dossier


def miss(base: str, forwarded: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return httpx.get(f"{base}/t/{uuid.uuid4().hex}", headers=headers).status_code


def lookup(base: str, code: str, digits: str) -> int:
    return httpx.post(f"{base}/tra-cuu",
                      data={"ma_ho_so": code, "so_dien_thoai": digits}).status_code


def audit_ip(api, code: str) -> str | None:
    with api.as_user("quantri") as admin:
        rows = admin.get("/admin/audit", params={"code": code}).json()
    return rows[0]["ip"]


def test_misses_count_and_valid_links_still_open(start_backend, cards):
    api = start_backend("--lookup-limit", "3/600")
    base = api.base_url
    with api.as_user("canbo1") as clerk:
        d = new_dossier(clerk, matched_card(cards))
    for _ in range(5):  # applicants finding their dossier are not counted
        assert lookup(base, d["code"], "5678") == 200
    assert [miss(base) for _ in range(4)] == [404, 404, 404, 429]
    # Another applicant behind the same NAT scans the QR of a receipt: it opens.
    assert httpx.get(d["tracking_url"]).status_code == 200
    # Code + 4 digits is guessable: over the limit it is not even looked up.
    assert lookup(base, d["code"], "5678") == 429


def test_a_forwarded_header_from_an_unknown_peer_counts_nothing(start_backend, cards):
    api = start_backend("--lookup-limit", "2/600")
    rotated = [miss(api.base_url, f"203.0.113.{n}") for n in range(1, 5)]
    assert rotated == [404, 404, 429, 429]
    with api.as_user("canbo1") as clerk:
        clerk.headers["X-Forwarded-For"] = "203.0.113.77"
        d = new_dossier(clerk, matched_card(cards))
    assert audit_ip(api, d["code"]) == "127.0.0.1"


def test_a_configured_proxy_is_believed_and_ipv6_counts_by_its_64(start_backend, cards):
    api = start_backend("--lookup-limit", "2/600", "--trusted-proxy", "127.0.0.1")
    base = api.base_url
    # One phone rotating addresses inside its /64: one client.
    assert [miss(base, f"2001:db8:1:2::{n}") for n in (1, 2, 3)] == [404, 404, 429]
    assert miss(base, "2001:db8:1:2:ffff:1:2:3") == 429
    assert miss(base, "2001:db8:1:3::1") == 404  # the neighbour's /64
    assert [miss(base, "198.51.100.7") for _ in range(3)] == [404, 404, 429]
    assert miss(base, "198.51.100.8") == 404
    with api.as_user("canbo1") as clerk:
        clerk.headers["X-Forwarded-For"] = "198.51.100.20"
        d = new_dossier(clerk, matched_card(cards))
    assert audit_ip(api, d["code"]) == "198.51.100.20"
