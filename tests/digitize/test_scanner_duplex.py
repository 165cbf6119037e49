"""Duplex on SANE scanners: the `source` option is set to the device's own duplex value
when it offers one (the pages then come from the feeder, both sides); the `test` device
offers none, and the clerk is told this scanner cannot scan both sides."""

from __future__ import annotations

from typing import Any

import pytest
from PIL import Image

from counter_app.digitize.errors import DigitizeError
from counter_app.digitize.scanners import ADF, NO_DUPLEX, SaneScanner, ScanSettings


def test_the_test_device_has_no_duplex_and_says_so(sane_test_device):
    with pytest.raises(DigitizeError) as refused:
        SaneScanner(sane_test_device).scan(ScanSettings(dpi=200, duplex=True))
    assert refused.value.message == NO_DUPLEX


class DuplexDevice:
    """A sheet-fed scanner as python-sane shows it: options (index, name, title, desc,
    type, unit, size, cap, constraint), attributes to set, two sides per sheet in duplex."""

    def __init__(self, sources: list[str]) -> None:
        self.__dict__["sources"] = sources
        self.__dict__["set"] = {}

    def get_options(self) -> list[tuple[Any, ...]]:
        return [(1, "mode", "", "", 3, 0, 0, 0, ["Gray", "Color"]),
                (2, "resolution", "", "", 1, 0, 0, 0, (75, 600, 0)),
                (3, "source", "", "", 3, 0, 0, 0, self.sources)]

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "source" and value not in self.sources:
            raise ValueError(value)
        self.set[name] = value

    def __getattr__(self, name: str) -> Any:
        return self.__dict__["set"][name]

    def multi_scan(self):
        sides = 2 if "Duplex" in self.set["source"] else 1
        return iter([Image.new("L", (300, 400), 255)] * (2 * sides))

    def scan(self) -> Image.Image:
        return Image.new("L", (300, 400), 255)

    def close(self) -> None:
        pass


@pytest.mark.parametrize("duplex_name", ["ADF Duplex", "Duplex",
                                         "Automatic Document Feeder(left aligned,Duplex)"])
def test_the_devices_duplex_source_is_chosen_and_both_sides_come(monkeypatch, duplex_name):
    import sys
    import types

    device = DuplexDevice(["Flatbed", "ADF Front", duplex_name])
    fake = types.SimpleNamespace(init=lambda: None, open=lambda _name: device)
    monkeypatch.setitem(sys.modules, "sane", fake)
    pages = SaneScanner("fujitsu:fi-7160").scan(ScanSettings(dpi=300, duplex=True))
    assert device.set["source"] == duplex_name and device.set["resolution"] == 300
    assert len(pages) == 4  # two sheets, both sides
    one_side = SaneScanner("fujitsu:fi-7160").scan(ScanSettings(dpi=300))
    assert device.set["source"] == "ADF Front" and len(one_side) == 2
    SaneScanner("fujitsu:fi-7160").scan(ScanSettings(dpi=300, feeder=False))
    assert device.set["source"] == "Flatbed"


def test_the_feeder_keeps_its_sane_standard_name_when_offered():
    from counter_app.digitize.scanners import source_for

    assert source_for(ScanSettings(), ["Flatbed", ADF]) == ADF
