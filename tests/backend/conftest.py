"""Fixtures that run the real backend (`python -m backend serve`) on loopback."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from counter_app.embedded import EmbeddedBackend

API = "/api/v1"


class Api:
    """A started backend plus helpers to sign in."""

    def __init__(self, backend: EmbeddedBackend) -> None:
        self.backend = backend
        self.base_url = backend.base_url

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.base_url + API, headers=headers, timeout=15.0)

    def login(self, username: str, password: str | None = None) -> str:
        with self.client() as c:
            r = c.post("/auth/login", json={"username": username,
                                            "password": password or username})
        assert r.status_code == 200, r.text
        return r.json()["access_token"]

    def as_user(self, username: str) -> httpx.Client:
        return self.client(self.login(username))

    def as_user_pw(self, username: str, password: str) -> httpx.Client:
        return self.client(self.login(username, password))

    @property
    def log_text(self) -> str:
        return (self.backend.data_dir / "backend.log").read_text("utf-8", errors="replace")


@pytest.fixture
def start_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """Factory: start(data_dir=None, demo=True, *args) -> Api; all stopped at teardown."""
    started: list[EmbeddedBackend] = []

    def start(*args: str, data_dir: Path | None = None, demo: bool = True) -> Api:
        backend = EmbeddedBackend(data_dir or tmp_path_factory.mktemp("backend"), demo=demo,
                                  extra_args=args)
        backend.start(timeout=30)
        started.append(backend)
        return Api(backend)

    yield start
    for b in started:
        b.stop()


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    backend = EmbeddedBackend(tmp_path_factory.mktemp("demo"), demo=True)
    backend.start(timeout=30)
    try:
        yield Api(backend)
    finally:
        backend.stop()


@pytest.fixture(scope="session")
def clerk(demo: Api) -> Iterator[httpx.Client]:
    with demo.as_user("canbo1") as c:
        yield c


@pytest.fixture(scope="session")
def cards(clerk: httpx.Client) -> list[dict]:
    r = clerk.get("/demo/cards", params={"limit": 10})
    assert r.status_code == 200, r.text
    return r.json()


def card_fields(payload: str) -> dict:
    f = payload.split("|")
    return {"id_number": f[0], "old_id_number": f[1] or None, "full_name": f[2],
            "date_of_birth": date(int(f[3][4:]), int(f[3][2:4]), int(f[3][:2])).isoformat(),
            "sex": f[4], "address": f[5]}


class _FakeGateway(BaseHTTPRequestHandler):
    """Answers by the last digits of the ID number, so one gateway covers every case."""

    sleep = 2.0
    gate: threading.Event | None = None
    """When set by a test, "999" numbers wait for it instead of sleeping."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        tail = body["id_number"][-3:]
        if tail == "999" and self.gate is not None:
            self.gate.wait(120)
        elif tail == "999":
            time.sleep(self.sleep)
        if tail == "500" or tail == "999":
            self._send(500, {"error": "boom"})
        elif tail == "404":
            self._send(200, {"found": False})
        elif tail == "222":
            self._send(200, {"found": True, "assurance_level": 2,
                             "match": {"full_name": True, "date_of_birth": False, "sex": True}})
        elif tail == "333":
            self._send(200, {"found": "maybe"})
        else:
            self._send(200, {"found": True, "assurance_level": 1,
                             "match": {"full_name": True, "date_of_birth": True, "sex": True}})

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the backend gave up waiting: that is the point of the slow case

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def fake_gateway() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeGateway)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/verify"
    finally:
        server.shutdown()
        server.server_close()


from tests.backend.pg import postgres_server, postgres_url, postgres_url_2  # noqa: E402, F401 - fixtures
