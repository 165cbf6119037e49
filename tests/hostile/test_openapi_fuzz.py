"""schemathesis against the real backend: every operation of its OpenAPI document, fed
generated and boundary input (huge numbers, NUL and control characters, odd path
segments, dates out of range, wrong types), signed in as an admin and as a clerk.

Checks: no 5xx, and every answer (status code, content type, headers, body) matches the
document. The server is `python -m backend serve --demo` on loopback with a real SQLite
file. Runs are deterministic (fixed seed, derandomized); COUNTER_FUZZ_EXAMPLES=500 runs
the same tests much harder locally.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import requests
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from backend.app import create_app
from backend.db import Database
from backend.settings import Settings
from counter_app.embedded import EmbeddedBackend
from tests.hostile.conftest import server_errors

API = "/api/v1"
EXAMPLES = int(os.environ.get("COUNTER_FUZZ_EXAMPLES", "20"))
CONFIG = SchemathesisConfig.from_dict({
    "seed": 20240701,
    "generation": {
        "max-examples": EXAMPLES,
        "deterministic": True,
        "database": "none",  # no example database: CI and a laptop run the same cases
        # We send a real token ourselves; generated ones would only ever test the 401 path.
        "with-security-parameters": False,
    },
})
# The document the server serves, built the same way (no database needed for it); a test
# below checks that the served one is identical.
DOCUMENT = create_app(Settings(demo=True), Database("sqlite://")).openapi()


def _for_schemathesis(node: Any) -> Any:
    """The document with every `prefixItems` whose entries are all alike written as plain
    `items` (same meaning): schemathesis 4 rejects `prefixItems` (its issue #4099), which
    the calendar's office hours [["07:00", "11:30"], ...] are made of."""
    if isinstance(node, list):
        return [_for_schemathesis(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _for_schemathesis(value) for key, value in node.items()}
    prefix = out.get("prefixItems")
    if prefix and all(item == prefix[0] for item in prefix) and "items" not in out:
        out["items"] = out.pop("prefixItems")[0]
    return out


schema = schemathesis.openapi.from_dict(_for_schemathesis(DOCUMENT), config=CONFIG)
# The event stream never ends by itself; logout and refresh end the token the other
# operations use, so they get their own test with a fresh token per case.
SESSION_ENDERS = rf"^{API}/auth/(logout|refresh)$"
everyday = schema.exclude(path=f"{API}/queue/events").exclude(path_regex=SESSION_ENDERS)
session_enders = schema.include(path_regex=SESSION_ENDERS)
# Operations only an admin may call (the document says so on their 403): the clerk run
# fuzzes the rest, and one test below checks the clerk is refused every one of these.
ADMIN_ONLY = [(method.upper(), path, op["operationId"])
              for path, ops in DOCUMENT["paths"].items() for method, op in ops.items()
              if op.get("responses", {}).get("403", {}).get("description", "")
              .endswith("(allowed: admin)")]
clerk_reachable = everyday.exclude(operation_id=[op_id for _, _, op_id in ADMIN_ONLY])


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:  # keep-alive: thousands of requests
        yield session


def login(server: EmbeddedBackend, http: requests.Session, username: str) -> dict[str, str]:
    r = http.post(f"{server.base_url}{API}/auth/login",
                  json={"username": username, "password": username}, timeout=10)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture(scope="module")
def as_admin(server, http) -> dict[str, str]:
    return login(server, http, "quantri")


@pytest.fixture(scope="module")
def as_clerk(server, http) -> dict[str, str]:
    return login(server, http, "canbo1")


# Not run: "schema-valid input must be accepted" and "schema-violating input must be
# rejected". The backend enforces rules no JSON schema states (a procedure code must be in
# the catalogue, a ticket must be waiting before it is called, an agency code has a
# format), so both would flag correct 422/409 answers; pydantic's lax mode also reads
# 0 as 1970-01-01 for a date, which is harmless.
NOT_RUN = [negative_data_rejection, positive_data_acceptance]


def check(case, server, http, headers) -> None:
    try:
        case.call_and_validate(base_url=server.base_url, session=http, headers=headers,
                               excluded_checks=NOT_RUN, timeout=15)
    except Exception as exc:
        # The backend's own account of a failure (its traceback) in the report.
        exc.add_note("backend.log:\n" + ("\n".join(server_errors(server)[-3:]) or "no ERROR"))
        raise


@everyday.parametrize()
def test_as_admin(case, server, http, as_admin):
    check(case, server, http, as_admin)


@clerk_reachable.parametrize()
def test_as_clerk(case, server, http, as_clerk):
    check(case, server, http, as_clerk)


@session_enders.parametrize()
@hypothesis.settings(max_examples=min(EXAMPLES, 10))
def test_session_enders_with_a_fresh_token(case, server, http):
    check(case, server, http, login(server, http, "canbo2"))


def test_the_fuzzed_document_is_the_one_the_server_serves(server, http):
    served = http.get(f"{server.base_url}{API}/openapi.json", timeout=10).json()
    assert served == DOCUMENT
    # The common error answers are part of the contract (backend/openapi_errors.py).
    dossier = served["paths"][f"{API}/dossiers/{{code}}"]["get"]["responses"]
    assert {"401", "403", "404", "500"} <= set(dossier)
    users = served["paths"][f"{API}/admin/users"]["post"]["responses"]
    assert "allowed: admin" in users["403"]["description"]
    assert {"400", "413"} <= set(users)


def test_the_clerk_is_refused_every_admin_operation(server, http, as_clerk):
    assert len(ADMIN_ONLY) >= 10, ADMIN_ONLY  # users, services, counters, office, calendar...
    for method, path, _ in ADMIN_ONLY:
        url = server.base_url + re.sub(r"\{[^}]+\}", "1", path)
        r = http.request(method, url, headers=as_clerk, json={}, timeout=10)
        assert r.status_code == 403, (method, path, r.text)
        assert r.json() == {"detail": "Tài khoản không có quyền thực hiện thao tác này."}


def test_the_backend_logged_no_error(server):
    # Last in the file: an exception the answers did not show (in a stream, a background
    # task) would still be an ERROR with its traceback in the server's log.
    assert server_errors(server) == []
