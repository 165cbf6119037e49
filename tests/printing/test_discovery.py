import sys
import types

from printing import discovery
from printing.settings import PrinterSettings


def test_discovery_never_raises_and_returns_settings():
    found = discovery.discover_printers()
    assert all(isinstance(p, PrinterSettings) and p.name for p in found)


def test_a_failing_source_does_not_hide_the_others(monkeypatch):
    def broken() -> list[PrinterSettings]:
        raise OSError("boom")

    monkeypatch.setattr(discovery, "usb_printers", broken)
    monkeypatch.setattr(discovery, "serial_printers",
                        lambda: [PrinterSettings(name="COM3", kind="serial", port="COM3")])
    monkeypatch.setattr(discovery, "cups_printers", lambda: [])
    monkeypatch.setattr(discovery, "win32_printers", lambda: [])
    monkeypatch.setattr(discovery, "device_nodes", lambda: [])
    assert [p.name for p in discovery.discover_printers()] == ["COM3"]


def test_usb_keeps_printers_and_known_vendors(monkeypatch):
    import usb.core

    def dev(vendor, product, cls=0):
        return types.SimpleNamespace(idVendor=vendor, idProduct=product, bDeviceClass=cls)

    devices = [dev(0x04B8, 0x0202), dev(0x1234, 0x0001, 7), dev(0x046D, 0xC077)]  # mouse last
    monkeypatch.setattr(usb.core, "find", lambda find_all=False: iter(devices))
    found = discovery.usb_printers()
    assert [(p.vendor_id, p.product_id) for p in found] == [(0x04B8, 0x0202), (0x1234, 0x0001)]
    assert "Epson" in found[0].name and found[0].kind == "usb"


def test_usb_without_libusb_is_empty(monkeypatch):
    import usb.core

    def no_backend(**kwargs):
        raise usb.core.NoBackendError("No backend available")

    monkeypatch.setattr(usb.core, "find", no_backend)
    assert discovery.usb_printers() == []


def test_cups_queues_from_lpstat(tmp_path, monkeypatch):
    script = tmp_path / "lpstat"
    script.write_text("#!/bin/sh\necho receipt\necho 'ticket-kiosk'\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    found = discovery.cups_printers()
    assert [(p.kind, p.queue) for p in found] == [("cups", "receipt"), ("cups", "ticket-kiosk")]


def test_windows_printers_from_a_fake_win32print(monkeypatch):
    fake = types.ModuleType("win32print")
    fake.PRINTER_ENUM_LOCAL, fake.PRINTER_ENUM_CONNECTIONS = 2, 4
    fake.EnumPrinters = lambda flags: [(0, "desc", "XP-80C", "")]
    monkeypatch.setitem(sys.modules, "win32print", fake)
    [found] = discovery.win32_printers()
    assert (found.kind, found.printer_name) == ("win32", "XP-80C")


def test_device_nodes(tmp_path):
    (tmp_path / "lp0").touch()
    [found] = discovery.device_nodes(str(tmp_path / "lp*"))
    assert found.kind == "file" and found.path.endswith("lp0")
