"""Shared fixtures: every test runs with its own app home, never the real user's folders."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNTER_APP_HOME", str(tmp_path / "home"))
    for key in list(os.environ):
        if key.startswith("COUNTER_APP_") and key not in ("COUNTER_APP_HOME",):
            monkeypatch.delenv(key, raising=False)
    yield
