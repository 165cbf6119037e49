"""Per document kind settings: text pages default to black and white 300 dpi from the
feeder, photos and ID cards to colour on the glass; what the office saved wins, and a
damaged entry falls back to the defaults instead of stopping the scan."""

from __future__ import annotations

from counter_app.digitize.scan_profiles import describe_profile, profile, stored_form
from counter_app.digitize.scanners import ScanSettings


def test_defaults_per_kind():
    assert profile({}, "text") == ScanSettings(dpi=300, colour=False, feeder=True)
    photo = profile({}, "photo")
    assert photo.colour and not photo.feeder and photo.dpi == 300


def test_saved_values_win_and_round_trip():
    saved = {"text": stored_form(ScanSettings(dpi=200, duplex=True))}
    text = profile(saved, "text")
    assert (text.dpi, text.colour, text.duplex, text.feeder) == (200, False, True, True)


def test_a_damaged_entry_falls_back():
    assert profile({"text": "300"}, "text") == ScanSettings()
    assert profile({"text": {"dpi": 12345}}, "text").dpi == 300


def test_the_clerks_choice_says_what_it_will_do():
    saved = {"text": {"dpi": 200, "colour": False, "duplex": True}}
    assert describe_profile("Trang chữ", profile(saved, "text")) == \
        "Trang chữ: đen trắng 200 dpi, hai mặt"
    assert describe_profile("Ảnh", profile({}, "photo")) == "Ảnh: màu 300 dpi"
