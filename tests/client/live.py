"""The real backend on a fixed loopback port that a test can stop and start again (same
database), plus a ReceptionService wired to it, for the outbox/sync/reception tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx
import pytest

from counter_app.client.api import ApiClient
from counter_app.client.models import Applicant, DocumentLine, DossierDraft
from counter_app.client.outbox_key import OutboxKey
from counter_app.client.reception import ReceptionService
from counter_app.client.reference import load_reference
from counter_app.embedded import EmbeddedBackend, free_port

KEY = bytes(range(32))


def office_today() -> date:
    # The embedded backend is another process on the real clock, not the test's ManualClock.
    from counter_app.domain.clock import SystemClock, office_today

    return office_today(SystemClock())


class Recording(httpx.HTTPTransport):
    """Real HTTP to the real backend, recording each request; `lose` drops the answers of
    that many dossier POSTs after the backend handled them (a timeout that did happen)."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str, str | None, bytes]] = []
        self.lose = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        self.sent.append((request.method, request.url.path,
                          request.headers.get("idempotency-key"), request.content))
        if self.lose and request.method == "POST" and request.url.path.endswith("/dossiers"):
            self.lose -= 1
            response.read()
            response.close()
            raise httpx.ReadTimeout("the answer was lost on the way back", request=request)
        return response

    def dossier_posts(self) -> list[tuple[str | None, bytes]]:
        return [(k, b) for m, p, k, b in self.sent if m == "POST" and p.endswith("/dossiers")]


class Revivable:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.current: EmbeddedBackend | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Revivable:
        # Every test of a module signs in as canbo1 with a fresh outbox and leases again;
        # the per-account cap on unused numbers (tested in tests/backend/test_leases.py)
        # would count a whole module's leases as one counter's.
        self.current = EmbeddedBackend(self.folder, demo=True, port=self.port,
                                       extra_args=("--lease-cap", "100000"))
        self.current.start(timeout=30)
        return self

    def stop(self) -> None:
        if self.current is not None:
            self.current.stop()
            self.current = None

    @contextmanager
    def http(self, user: str = "canbo1") -> Iterator[httpx.Client]:
        with httpx.Client(base_url=self.base_url + "/api/v1", timeout=15) as c:
            token = c.post("/auth/login", json={"username": user, "password": user}).json()
            c.headers["Authorization"] = "Bearer " + token["access_token"]
            yield c


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    backend = Revivable(tmp_path_factory.mktemp("live-backend")).start()
    yield backend
    backend.stop()


@pytest.fixture(scope="module")
def matched_card(live) -> str:
    with live.http() as c:
        cards = c.get("/demo/cards", params={"limit": 10}).json()
    return next(x["payload"] for x in cards if x["expect"] == "matched")


def applicant(payload: str) -> Applicant:
    f = payload.split("|")
    return Applicant(f[0], f[2], date(int(f[3][4:]), int(f[3][2:4]), int(f[3][:2])), f[4], f[5],
                     phone="0912345678")


def draft(payload: str, outcome: str = "matched", **kw) -> DossierDraft:
    return DossierDraft(procedure_code=kw.pop("procedure_code", "2.000908"),
                        applicant=applicant(payload), identity_outcome=outcome,
                        documents=(DocumentLine("Tờ khai", 1, 0),), **kw)


def named(d: DossierDraft, name: str) -> DossierDraft:
    """The same draft for another applicant name (told apart in the day's ledger)."""
    from dataclasses import replace

    return replace(d, applicant=replace(d.applicant, full_name=name))


def service(live: Revivable, folder: Path, *, user: str = "canbo1", transport=None,
            timeout: float = 5.0, key: OutboxKey | None = None) -> ReceptionService:
    """Signed in while the backend is up; catalogue, calendar and office loaded live."""
    api = ApiClient(live.base_url, timeout=timeout, connect_timeout=1.0, transport=transport)
    session = api.login(user, user)
    svc = ReceptionService(api, folder, key=key or OutboxKey(key=KEY))
    svc.set_user(session.user)
    assert load_reference(svc, folder / "cache")
    return svc


def ledger_rows(live: Revivable, day: date | None = None) -> list[list[str]]:
    """Today's tracking book from the backend: [no, code, received, name, …, status, …]."""
    import csv
    import io

    with live.http() as c:
        raw = c.get("/ledger", params={"date": (day or office_today()).isoformat(),
                                       "format": "csv"}).content
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    end = rows.index([]) if [] in rows else len(rows)
    return rows[1:end]


def dossiers_named(live: Revivable, name: str) -> list[str]:
    """Codes of the dossiers of today's book whose applicant is `name`."""
    return [r[1] for r in ledger_rows(live) if r[3] == name]
