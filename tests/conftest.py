"""Shared fixtures: every test runs with its own app home, never the real user's folders."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests check what is generated, not how fast: a loaded machine (CI's two cores,
# a second suite beside this one) once stalled one draw for 1.3 s and failed the
# "too slow" health check. The same examples run; only the wall-clock checks are off.
settings.register_profile("loaded", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("loaded")

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
