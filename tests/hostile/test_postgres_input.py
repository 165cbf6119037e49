"""Input only PostgreSQL refuses, sent to the real backend on PostgreSQL: NUL in text
("PostgreSQL text fields cannot contain NUL (0x00) bytes"), half a surrogate pair, and
numbers past its 32-bit INTEGER. SQLite stores or compares all of these, so the SQLite
fuzz cannot see them; without backend/input_guard.py and the bounded path numbers each
of these answered 500 here."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from backend.input_guard import BAD_TEXT
from counter_app.embedded import EmbeddedBackend
from tests.hostile.conftest import API, bearer, server_errors


@pytest.fixture(scope="module")
def pg_server(tmp_path_factory, postgres_server) -> Iterator[EmbeddedBackend]:
    import uuid

    import psycopg

    name = f"hostile_{uuid.uuid4().hex[:10]}"
    dsn = postgres_server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    backend = EmbeddedBackend(tmp_path_factory.mktemp("hostile-pg"), demo=True,
                              extra_args=("--database", f"{postgres_server}/{name}"))
    backend.start(timeout=60)
    yield backend
    backend.stop()


@pytest.fixture(scope="module")
def clerk(pg_server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=pg_server.base_url + API, timeout=15,
                      headers=bearer(pg_server.base_url, "canbo1")) as client:
        yield client


def send_json(client: httpx.Client, path: str, text: str) -> httpx.Response:
    return client.post(path, content=text.encode(), headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("path,text", [
    ("/auth/login", '{"username": "can\\u0000bo1", "password": "canbo1"}'),
    ("/auth/login", '{"username": "\\ud800", "password": "canbo1"}'),
    ("/identity/verify", '{"id_number": "001090012345", "full_name": "A\\u0000B", '
                         '"date_of_birth": "1990-01-01", "sex": "Nam"}'),
    ("/queue/tickets/1/void", '{"reason": "x\\u0000"}'),
], ids=["login-nul", "login-surrogate", "verify-nul", "void-reason-nul"])
def test_nul_and_broken_unicode_bodies_get_422_on_postgresql(clerk, path, text):
    r = send_json(clerk, path, text)
    assert r.status_code == 422, r.text
    assert r.json() == {"detail": BAD_TEXT}


@pytest.mark.parametrize("path", [
    "/dossiers/A%00B", "/dossiers/by-token/abc%00def", "/queue/tickets?service=A%00"])
def test_nul_in_a_path_or_query_gets_422_on_postgresql(clerk, path):
    r = clerk.get(path)
    assert r.status_code == 422, r.text
    assert r.json() == {"detail": BAD_TEXT}


@pytest.mark.parametrize("path", [
    "/queue/tickets/2147483648/start", "/queue/tickets/2147483647/start",
    "/queue/counters/99999/resume"])
def test_numbers_past_integer_never_reach_postgresql(clerk, path):
    r = clerk.post(path)
    # 2^31 is refused as input; 2^31-1 is a valid id that does not exist.
    assert r.status_code in (404, 422), r.text
    assert r.status_code == (404 if path.endswith("2147483647/start") else 422)


def test_the_server_logged_no_error(pg_server, clerk):
    assert clerk.get("/auth/me").status_code == 200
    assert server_errors(pg_server) == []
