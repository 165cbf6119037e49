"""Scanners (issue 14, item 1): SANE's `test` device gives real pages through libsane, each
reported as it comes; a jammed or unplugged scanner says so in Vietnamese and keeps what
was scanned; a watched folder takes a file only once it is complete, and only once."""

from __future__ import annotations

import io

import pikepdf
import pytest

from counter_app.digitize.pdf_build import build_pdf
from counter_app.digitize.scanners import (
    CANNOT_OPEN,
    SANE_STATUS,
    FolderScanner,
    SaneScanner,
    ScanInterrupted,
    ScanSettings,
    open_scanner,
)
from tests.digitize.conftest import save, text_page
from tests.digitize.test_build import AT


def test_the_sane_device_is_found_and_its_feeder_gives_pages_in_order(sane_test_device):
    found = SaneScanner.discover()
    assert f"sane:{sane_test_device}" in [s.id for s in found]
    seen: list[str] = []
    pages = open_scanner(f"sane:{sane_test_device}").scan(
        ScanSettings(dpi=200), on_page=lambda p: seen.append(p.source))
    assert len(pages) == 10  # the test device's feeder holds ten sheets
    assert seen == [p.source for p in pages] == [f"test:0#{n}" for n in range(1, 11)]
    assert all(p.dpi == 200 and p.image.mode == "1" for p in pages)
    with pikepdf.open(io.BytesIO(build_pdf(pages, title="Quét thử", at=AT))) as pdf:
        assert len(pdf.pages) == 10
        width = float(pdf.pages[0].mediabox[2])
        assert abs(width - pages[0].image.width / 200 * 72) < 1  # the scanner's resolution


def test_colour_from_the_flatbed_is_one_colour_page(sane_test_device):
    pages = SaneScanner(sane_test_device).scan(ScanSettings(dpi=200, colour=True,
                                                            feeder=False))
    assert len(pages) == 1 and pages[0].colour


def test_a_jam_is_said_and_what_was_scanned_comes_back(sane_test_device, monkeypatch):
    import sane

    opened = sane.open

    def jammed(name: str):
        device = opened(name)
        device.read_return_value = "SANE_STATUS_JAMMED"  # the test backend's fault switch
        return device

    monkeypatch.setattr(sane, "open", jammed)
    with pytest.raises(ScanInterrupted) as stopped:
        SaneScanner(sane_test_device).scan(ScanSettings(dpi=200))
    assert stopped.value.message == SANE_STATUS["Document feeder jammed"]
    assert stopped.value.pages == []


def test_an_unplugged_scanner_is_said(sane_test_device):
    with pytest.raises(ScanInterrupted) as stopped:
        SaneScanner("test:9").scan(ScanSettings(dpi=200))
    assert stopped.value.message == CANNOT_OPEN.format(name="test:9")


def test_a_watched_folder_takes_complete_files_once_in_arrival_order(tmp_path):
    folder = FolderScanner(tmp_path)
    first = save(text_page(1), tmp_path / "scan-001.png")
    assert folder.poll() == []  # seen once: the scanner may still be writing it
    second = save(text_page(2), tmp_path / "scan-002.png")
    taken = folder.poll()
    assert [p.source for p in taken] == ["scan-001.png"]
    assert not first.exists() and (tmp_path / "da-nhan" / "scan-001.png").exists()
    assert [p.source for p in folder.poll()] == ["scan-002.png"]
    assert folder.poll() == [] and not second.exists()
