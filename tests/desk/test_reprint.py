"""Reprint by code (counter_app.desk.reprint): the dossier is found by the code a clerk types,
against the real backend on loopback."""

from __future__ import annotations

import pytest

from counter_app.client import errors
from counter_app.client.api import new_idempotency_key
from counter_app.desk.reprint import find_dossier, normalized_code
from tests.client.live import draft, service


def test_a_recorded_dossier_is_found_by_its_code_as_typed(live, matched_card, tmp_path):
    svc = service(live, tmp_path / "counter")
    try:
        dossier = svc.receive(draft(matched_card), new_idempotency_key())
        typed = f"  {dossier.code.lower()} "
        found = find_dossier(svc, svc.api, normalized_code(typed))
    finally:
        svc.close()
    assert found.code == dossier.code
    assert found.received_at == dossier.received_at  # printed again exactly as first issued


def test_an_unknown_code_is_not_found(live, tmp_path):
    svc = service(live, tmp_path / "counter")
    try:
        with pytest.raises(errors.NotFound):
            find_dossier(svc, svc.api, normalized_code("000.00.17.h01-990101-0001"))
    finally:
        svc.close()
