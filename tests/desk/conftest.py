"""Fixtures shared by the client tests: the real backend that can be stopped and started
again, and keyring backends (client/live.py, client/memory_keyring.py)."""

from tests.client.live import live, matched_card  # noqa: F401 - fixtures
from tests.client.memory_keyring import no_keyring, os_keyring  # noqa: F401 - fixtures
