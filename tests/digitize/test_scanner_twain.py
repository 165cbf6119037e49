"""TWAIN scanners (Windows, pytwain), against a stand-in `twain` module: sources are
found, the document kind's resolution / colour / duplex reach the driver (the pages show
it), a jam keeps the pages scanned, and on Linux without pytwain the clerk is told."""

from __future__ import annotations

import sys

import pytest

from counter_app.digitize.errors import DigitizeError
from counter_app.digitize.scanner_twain import ONLY_WINDOWS, TwainScanner
from counter_app.digitize.scanners import (
    NO_DUPLEX,
    SANE_STATUS,
    ScanInterrupted,
    ScanSettings,
    open_scanner,
)
from tests.digitize import fake_twain
from tests.digitize.fake_twain import FakeSource


def install(monkeypatch: pytest.MonkeyPatch, *sources: FakeSource) -> None:
    monkeypatch.setitem(sys.modules, "twain", fake_twain.module(*sources))


def test_sources_are_found_and_open_by_their_setting(monkeypatch):
    install(monkeypatch, FakeSource("Canon DR-C225", 2), FakeSource("WIA Flatbed", 1))
    found = TwainScanner.discover()
    assert [s.id for s in found] == ["twain:Canon DR-C225", "twain:WIA Flatbed"]
    scanner = open_scanner(found[0].id)
    assert isinstance(scanner, TwainScanner) and scanner.source == "Canon DR-C225"


def test_text_pages_grey_at_300_dpi_and_duplex_gives_both_sides(monkeypatch):
    install(monkeypatch, FakeSource("Canon", sheets=3))
    seen: list[str] = []
    pages = TwainScanner("Canon").scan(ScanSettings(dpi=300, duplex=True),
                                       on_page=lambda p: seen.append(p.source))
    assert seen == [f"Canon#{n}" for n in range(1, 7)]  # 3 sheets, both sides
    assert all(p.dpi == 300 and p.image.mode == "1" for p in pages)
    assert pages[0].image.width == round(8.27 * 300 / 4)  # the driver scanned at 300 dpi


def test_photos_in_colour_one_side_at_the_chosen_resolution(monkeypatch):
    install(monkeypatch, FakeSource("Canon", sheets=2))
    pages = TwainScanner("Canon").scan(ScanSettings(dpi=200, colour=True))
    assert len(pages) == 2 and all(p.colour for p in pages)
    image = pages[0].image.convert("RGB")
    pixel = image.getpixel((image.width * 3 // 8, image.height * 3 // 8))
    assert isinstance(pixel, tuple)
    red, green = pixel[0], pixel[1]
    assert red > 180 and green < 80  # the red stamp came through in colour
    assert pages[0].image.width == round(8.27 * 200 / 4)


def test_a_scanner_without_duplex_is_said(monkeypatch):
    install(monkeypatch, FakeSource("Flatbed", 1, duplex=fake_twain.TWDX_NONE, feeder=False))
    with pytest.raises(DigitizeError) as refused:
        TwainScanner("Flatbed").scan(ScanSettings(duplex=True))
    assert refused.value.message == NO_DUPLEX
    assert len(TwainScanner("Flatbed").scan(ScanSettings(feeder=False))) == 1


def test_a_jam_keeps_the_pages_already_scanned(monkeypatch):
    install(monkeypatch, FakeSource("Canon", sheets=5, fail_after=2))
    with pytest.raises(ScanInterrupted) as stopped:
        TwainScanner("Canon").scan(ScanSettings())
    assert stopped.value.message == SANE_STATUS["Document feeder jammed"]
    assert [p.source for p in stopped.value.pages] == ["Canon#1", "Canon#2"]


def test_an_unplugged_scanner_is_said_with_its_pages(monkeypatch):
    install(monkeypatch, FakeSource("Canon", sheets=5, fail_after=1,
                                    fail=fake_twain.CheckDeviceOnlineError))
    with pytest.raises(ScanInterrupted) as stopped:
        TwainScanner("Canon").scan(ScanSettings())
    assert stopped.value.message == SANE_STATUS["Error during device I/O"]
    assert len(stopped.value.pages) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux message")
def test_on_linux_twain_is_said_to_be_windows_only(monkeypatch):
    monkeypatch.setitem(sys.modules, "twain", None)  # import twain -> ImportError
    with pytest.raises(DigitizeError) as refused:
        TwainScanner.discover()
    assert refused.value.message == ONLY_WINDOWS


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux message")
def test_the_cli_says_twain_is_windows_only(tmp_path):
    from tests.digitize.test_cli import _run

    done = _run("--source", "twain:Canon", "--out", str(tmp_path / "x.pdf"))
    assert done.returncode == 1 and ONLY_WINDOWS in done.stderr
