"""Fixtures for UI tests that need the real backend (tests/client/live.py)."""

from tests.client.live import live, matched_card  # noqa: F401 - fixtures
