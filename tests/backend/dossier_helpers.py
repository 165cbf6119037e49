"""Shared helpers for the issue-5 tests: a dossier draft, a write with a fresh key."""

from __future__ import annotations

import uuid

import httpx

from tests.backend.conftest import card_fields


def applicant(card: dict, phone: str | None = "0912345678") -> dict:
    return {**card_fields(card["payload"]), "phone": phone, "email": "hoa@example.vn"}


def new_dossier(client: httpx.Client, card: dict, procedure: str = "1.009994",
                **extra) -> dict:
    body = {"procedure_code": procedure, "applicant": applicant(card),
            "identity_outcome": "matched",
            "documents": [{"name": "Tờ khai CT01", "originals": 1, "copies": 1}],
            "sets": 1, "result_delivery": "counter", "note": None, **extra}
    r = client.post("/dossiers", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 201, r.text
    return r.json()


def step(client: httpx.Client, code: str, status: str, note: str | None = None) -> httpx.Response:
    return client.post(f"/dossiers/{code}/status", json={"status": status, "note": note})


def matched_card(cards: list[dict]) -> dict:
    return next(c for c in cards if c["expect"] == "matched")
