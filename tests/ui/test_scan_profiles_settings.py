"""The scanner settings window (issue 14): TWAIN sources are offered beside SANE devices
(`twain:SOURCE` like `sane:DEVICE`), and each document kind's resolution, colour and
duplex, and the OCR switch, are saved for the digitise window."""

from __future__ import annotations

import sys

from counter_app import settings as S
from counter_app.digitize.scan_profiles import profile
from counter_app.settings import Settings
from tests.digitize import fake_twain
from tests.digitize.conftest import sane_test_device  # noqa: F401 - fixture


def test_twain_offered_beside_sane_and_kind_settings_saved(
        qtbot, tmp_path, monkeypatch, sane_test_device):  # noqa: F811
    from ui.counter.reception.digitize_settings import DigitizeSettingsDialog

    monkeypatch.setitem(sys.modules, "twain",
                        fake_twain.module(fake_twain.FakeSource("Canon DR-C225", 1)))
    settings = Settings(tmp_path / "settings.json")
    dialog = DigitizeSettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert not dialog.profiles.ocr.isChecked()  # OCR is off until the office turns it on
    assert not dialog.profiles.stamp.isChecked()  # so is the visible signature
    dialog.discover()
    qtbot.waitUntil(lambda: "Tìm thấy" in dialog.status.text(), timeout=15_000)
    offered = [dialog.scanner.itemData(i) for i in range(dialog.scanner.count())]
    assert f"sane:{sane_test_device}" in offered and "twain:Canon DR-C225" in offered
    dialog.scanner.setCurrentIndex(dialog.scanner.findData("twain:Canon DR-C225"))

    dpi, _colour, duplex = dialog.profiles.rows["text"]
    duplex.setChecked(True)
    dpi.setCurrentIndex(dpi.findData(200))
    photo_dpi = dialog.profiles.rows["photo"][0]
    photo_dpi.setCurrentIndex(photo_dpi.findData(600))
    dialog.profiles.ocr.setChecked(True)
    dialog.profiles.stamp.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        dialog.save()

    saved = Settings(tmp_path / "settings.json")
    assert saved.get(S.SCANNER) == "twain:Canon DR-C225"
    text, photo = (profile(saved.get(S.SCAN_PROFILES), k) for k in ("text", "photo"))
    assert (text.dpi, text.colour, text.duplex) == (200, False, True)
    assert (photo.dpi, photo.colour, photo.duplex) == (600, True, False)
    assert saved.get(S.DIGITIZE_OCR) is True
    assert saved.get(S.SIGNING_STAMP) is True
