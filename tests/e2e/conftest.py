"""The real counter against the real embedded backend over loopback HTTP."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.client.api import ApiClient
from counter_app.embedded import EmbeddedBackend
from counter_app.settings import Settings
from counter_app.token_store import TokenStore
from tests.client.memory_keyring import os_keyring  # noqa: F401 - fixture (test_offline)


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    b = EmbeddedBackend(tmp_path_factory.mktemp("e2e-backend"), demo=True)
    b.start(timeout=30)
    yield b
    b.stop()


@pytest.fixture(scope="module")
def demo_cards(backend):
    api = ApiClient(backend.base_url)
    api.login("canbo1", "canbo1")
    cards = api.demo_cards(10)
    api.close()
    return {c.expect: c for c in reversed(cards)}  # first card of each kind


def open_counter(qtbot, base_url: str, tmp_path, user: str = "canbo1"):
    """A logged-in counter window (clerk canbo1 unless told), printing to the preview."""
    from PySide6.QtCore import Qt

    from ui.app import CounterController

    settings = Settings(tmp_path / "settings.json")
    controller = CounterController(settings, lambda: (base_url, "kiểm thử"),
                                   tokens=TokenStore(use_keyring=False))
    controller.start()
    login = controller.login
    qtbot.waitUntil(login.login_button.isEnabled, timeout=10_000)
    qtbot.waitUntil(lambda: login.demo_table is not None, timeout=10_000)
    login.username.setText(user)
    login.password.setText(user)
    qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=10_000)
    window = controller.window
    qtbot.waitUntil(lambda: window.reception.procedures.combo.count() > 1, timeout=10_000)
    return controller


def close_counter(controller) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    controller.shutdown()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()


@pytest.fixture
def counter(qtbot, backend, tmp_path):
    controller = open_counter(qtbot, backend.base_url, tmp_path)
    yield controller
    close_counter(controller)
