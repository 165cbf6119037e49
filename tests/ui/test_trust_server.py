"""First contact with an office server over HTTPS: the login window shows the CA's
fingerprint (the one `serve` printed), and after the clerk confirms, the counter trusts
that CA and signs in over a real TLS connection."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from counter_app import settings as S
from counter_app.embedded import EmbeddedBackend
from counter_app.settings import Settings
from counter_app.token_store import TokenStore


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    backend = EmbeddedBackend(tmp_path_factory.mktemp("ui-tls"), demo=True, tls=True)
    backend.start(timeout=30)
    yield backend
    backend.stop()


def test_the_clerk_confirms_the_fingerprint_and_the_counter_connects(qtbot, office, tmp_path):
    from ui.app import CounterController

    log = (office.data_dir / "backend.log").read_text("utf-8").splitlines()
    printed = log[log.index("Dấu vân tay SHA-256 của CA (đọc cho cán bộ so khi quầy hỏi):")
                  + 1].strip()
    settings = Settings(tmp_path / "settings.json")
    controller = CounterController(settings, lambda: (office.base_url, "văn phòng"),
                                   tokens=TokenStore(use_keyring=False))
    controller.start()
    try:
        qtbot.waitUntil(lambda: controller.trust is not None
                        and controller.trust.box is not None, timeout=15_000)
        box = controller.trust.box
        assert printed in box.text() and "Một cửa" in box.text()
        assert not controller.login.login_button.isEnabled()
        box.button(QMessageBox.StandardButton.Yes).click()
        qtbot.waitUntil(controller.login.login_button.isEnabled, timeout=15_000)
        pinned = Settings(tmp_path / "settings.json").get(S.CA_BUNDLE)
        assert pinned and open(pinned, "rb").read() == office.ca_file.read_bytes()
        assert controller.api.login("canbo1", "canbo1").user.username == "canbo1"
    finally:
        controller.shutdown()
