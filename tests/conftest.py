"""Shared fixtures: every test runs with its own app home, never the real user's folders."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# `clock` (a ManualClock installed as the app's clock), `clocked_backend`, `pc_in_los_angeles`.
pytest_plugins = ("tests.clock_fixtures",)


# How much the logs say: the personal-data-in-logs test runs tests/e2e with DEBUG
# (tests/hostile/test_logs_have_no_pii.py).
KEPT = ("COUNTER_APP_HOME", "COUNTER_APP_LOG_LEVEL")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNTER_APP_HOME", str(tmp_path / "home"))
    for key in list(os.environ):
        if key.startswith("COUNTER_APP_") and key not in KEPT:
            monkeypatch.delenv(key, raising=False)
    yield
