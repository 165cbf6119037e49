"""The real backend (`python -m backend serve --demo`, SQLite file) for the hostile-input
tests, and PostgreSQL for the cases only PostgreSQL refuses."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from counter_app.embedded import EmbeddedBackend
from tests.backend.pg import postgres_server, postgres_url  # noqa: F401 - fixtures

API = "/api/v1"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBackend]:
    backend = EmbeddedBackend(tmp_path_factory.mktemp("hostile"), demo=True)
    backend.start(timeout=30)
    yield backend
    backend.stop()


def bearer(base_url: str, username: str) -> dict[str, str]:
    r = httpx.post(f"{base_url}{API}/auth/login",
                   json={"username": username, "password": username}, timeout=10)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def server_errors(backend: EmbeddedBackend) -> list[str]:
    """ERROR records (with their tracebacks) the backend wrote to its log."""
    text = (backend.data_dir / "backend.log").read_text("utf-8", errors="replace")
    return [block for block in re.split(r"\n(?=\d{4}-\d\d-\d\d )", text)
            if " ERROR " in block.split("\n", 1)[0]]
