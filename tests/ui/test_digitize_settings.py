"""Chosen once per PC (issue 14): the scanner found on this machine (SANE's test device),
the certificate tried with its password, and saved without the password."""

from __future__ import annotations

from counter_app import settings as S
from counter_app.digitize.signing import BAD_PASSWORD
from counter_app.settings import Settings
from tests.digitize.certs import make_ca
from tests.digitize.conftest import sane_test_device  # noqa: F401 - fixture


def test_scanner_found_certificate_tried_and_saved_without_its_password(
        qtbot, tmp_path, sane_test_device):  # noqa: F811
    from ui.counter.reception.digitize_settings import DigitizeSettingsDialog

    settings = Settings(tmp_path / "settings.json")
    ca = make_ca(tmp_path / "ca")
    dialog = DigitizeSettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.discover()
    qtbot.waitUntil(lambda: "Tìm thấy" in dialog.status.text(), timeout=15_000)
    assert dialog.scanner.currentData() == f"sane:{sane_test_device}"

    dialog.kind.setCurrentIndex(dialog.kind.findData("p12"))
    dialog.p12.setText(str(ca.p12))
    dialog.secret.setText("sai-mat-khau")
    dialog.try_signer()
    qtbot.waitUntil(lambda: dialog.status.text() == BAD_PASSWORD, timeout=15_000)
    dialog.secret.setText(ca.password.decode())
    dialog.try_signer()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Ký được"), timeout=15_000)
    assert ca.signer_name in dialog.status.text() and "hết hạn ngày" in dialog.status.text()

    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        dialog.save()
    saved = Settings(tmp_path / "settings.json")
    assert saved.get(S.SCANNER) == f"sane:{sane_test_device}"
    assert saved.get(S.SIGNING_P12) == str(ca.p12)
    assert ca.password.decode() not in (tmp_path / "settings.json").read_text("utf-8")
