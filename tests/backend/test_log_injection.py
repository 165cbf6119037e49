"""A request cannot write a forged line into the backend's log: the path is logged
percent-decoded, so CR/LF sent as %0D%0A must come out written as \\r\\n on one line."""

from __future__ import annotations

import httpx

from tests.backend.wait import wait_until

FORGED = "2026-01-01 08:00:00,000 INFO backend.http: POST /api/v1/auth/login -> 200 user=admin"


def test_crlf_in_a_url_cannot_forge_a_log_line(start_backend):
    api = start_backend()
    encoded = FORGED.replace(" ", "%20").replace(">", "%3E")
    r = httpx.get(f"{api.base_url}/api/v1/khong-co%0D%0A{encoded}%1B[2J")
    assert r.status_code == 404
    line = wait_until(lambda: next((x for x in api.log_text.splitlines()
                                    if "/api/v1/khong-co" in x), None))
    assert "khong-co\\r\\n2026-01-01 08:00:00,000 INFO" in line and "\\x1b[2J" in line
    assert not any(x.startswith("2026-01-01 08:00:00") for x in api.log_text.splitlines())
    assert "\x1b" not in api.log_text
