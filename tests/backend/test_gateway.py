"""The gateway provider against a fake gateway on loopback and against a dead port."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from counter_app.embedded import EmbeddedBackend, free_port
from tests.backend.conftest import Api

BODY = {"full_name": "Nguyễn Văn An", "date_of_birth": "1990-01-01", "sex": "Nam"}


def _start(tmp_path_factory, url: str) -> EmbeddedBackend:
    backend = EmbeddedBackend(
        tmp_path_factory.mktemp("gw"), demo=True,
        extra_args=("--identity-provider", "gateway", "--identity-gateway-url", url,
                    "--identity-gateway-timeout", "0.5"))
    backend.start(timeout=30)
    return backend


@pytest.fixture(scope="module")
def gateway_api(tmp_path_factory, fake_gateway) -> Iterator[Api]:
    backend = _start(tmp_path_factory, fake_gateway)
    yield Api(backend)
    backend.stop()


def _verify(api: Api, id_number: str) -> dict:
    with api.as_user("canbo2") as c:
        r = c.post("/identity/verify", json={"id_number": id_number, **BODY})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize(("id_number", "outcome", "fields", "level"), [
    ("001090012345", "matched", [], 1),
    ("001090012222", "mismatched", ["date_of_birth"], 2),
    ("001090012404", "not_found", [], None),
    ("001090012500", "unavailable", [], None),  # gateway answers 500
    ("001090012333", "unavailable", [], None),  # gateway answers nonsense
])
def test_gateway_answers_are_mapped(gateway_api, id_number, outcome, fields, level):
    result = _verify(gateway_api, id_number)
    assert result["provider"] == "gateway"
    assert (result["outcome"], result["mismatched_fields"], result["assurance_level"]) == (
        outcome, fields, level)


def test_slow_gateway_times_out_as_unavailable(gateway_api):
    started = time.perf_counter()
    result = _verify(gateway_api, "001090012999")  # fake sleeps 2 s, timeout is 0.5 s
    assert time.perf_counter() - started < 1.8
    assert result["outcome"] == "unavailable"
    assert "không phản hồi" in result["message"]


def test_dead_gateway_is_unavailable(tmp_path_factory):
    backend = _start(tmp_path_factory, f"http://127.0.0.1:{free_port()}/verify")
    try:
        result = _verify(Api(backend), "001090012345")
    finally:
        backend.stop()
    assert result["outcome"] == "unavailable" and result["provider"] == "gateway"
