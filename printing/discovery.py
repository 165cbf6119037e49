"""Printers this computer can see, as candidate settings the clerk picks from.

Each source is optional and fails softly: no libusb, no pyserial, no CUPS or not Windows
simply contributes nothing. Takes up to a couple of seconds (USB enumeration, lpstat):
call it off the UI thread.
"""

from __future__ import annotations

import glob
import logging
import shutil
import subprocess
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from .settings import PrinterSettings

if TYPE_CHECKING:
    from usb.core import Device

log = logging.getLogger(__name__)

# Vendors whose USB printers speak ESC/POS but often report a vendor-specific class.
ESCPOS_VENDORS = {
    0x04B8: "Epson",
    0x0519: "Star",
    0x1504: "Bixolon",
    0x154F: "SNBC",
    0x0DD4: "Custom",
    0x0416: "Winbond (máy in POS phổ thông)",
    0x0483: "STMicro (máy in POS phổ thông)",
    0x0FE6: "ICS (Xprinter)",
    0x1FC9: "NXP (máy in POS phổ thông)",
    0x28E9: "GigaDevice (máy in POS phổ thông)",
    0x20D1: "Rongta",
}
PRINTER_CLASS = 7


def discover_printers() -> list[PrinterSettings]:
    found: list[PrinterSettings] = []
    sources: list[Callable[[], list[PrinterSettings]]] = [
        usb_printers, serial_printers, cups_printers, win32_printers, device_nodes,
    ]
    for source in sources:
        try:
            found += source()
        except Exception:  # one broken source must not hide the others
            log.warning("printer discovery: %s failed", source.__name__, exc_info=True)
    return found


def usb_printers() -> list[PrinterSettings]:
    try:
        import usb.core
    except ImportError:
        return []
    try:
        devices = list(usb.core.find(find_all=True))
    except usb.core.NoBackendError:
        return []  # libusb not installed
    out: list[PrinterSettings] = []
    for device in devices:
        vendor = ESCPOS_VENDORS.get(device.idVendor)
        if vendor is None and not _is_printer_class(device):
            continue
        label = f"USB {vendor or 'máy in'} {device.idVendor:04x}:{device.idProduct:04x}"
        out.append(PrinterSettings(
            name=label, kind="usb", vendor_id=device.idVendor, product_id=device.idProduct,
        ))
    return out


def _is_printer_class(device: Device) -> bool:
    if getattr(device, "bDeviceClass", None) == PRINTER_CLASS:
        return True
    try:
        return any(
            interface.bInterfaceClass == PRINTER_CLASS
            for config in device
            for interface in config
        )
    except Exception:  # reading descriptors can need permissions
        return False


def serial_printers() -> list[PrinterSettings]:
    try:
        from serial.tools import list_ports
    except ImportError:
        return []
    return [
        PrinterSettings(
            name=f"Cổng nối tiếp {port.device}" + (f" ({port.description})"
                                                  if port.description not in ("", "n/a") else ""),
            kind="serial", port=port.device,
        )
        for port in list_ports.comports()
    ]


def cups_printers(lpstat: str = "lpstat") -> list[PrinterSettings]:
    program = shutil.which(lpstat)
    if program is None:
        return []
    done = subprocess.run([program, "-e"], capture_output=True, text=True, timeout=3, check=False)
    if done.returncode:
        return []
    return [
        PrinterSettings(name=f"CUPS: {queue}", kind="cups", queue=queue)
        for queue in (line.strip() for line in done.stdout.splitlines())
        if queue
    ]


def win32_printers() -> list[PrinterSettings]:
    if sys.platform != "win32" and "win32print" not in sys.modules:
        return []
    try:
        import win32print  # type: ignore[import-not-found]
    except ImportError:
        return []
    flags = win32print.PRINTER_ENUM_LOCAL | win32print.PRINTER_ENUM_CONNECTIONS
    return [
        PrinterSettings(name=f"Windows: {entry[2]}", kind="win32", printer_name=entry[2])
        for entry in win32print.EnumPrinters(flags)
    ]


def device_nodes(pattern: str = "/dev/usb/lp*") -> list[PrinterSettings]:
    """Linux's usblp nodes: writable without libusb when the user is in the lp group."""
    return [
        PrinterSettings(name=f"Thiết bị {path}", kind="file", path=path)
        for path in sorted(glob.glob(pattern))
    ]
