import pytest

from printing.errors import PrinterError
from printing.settings import PrinterSettings, SettingsError
from printing.transports import (
    CupsTransport,
    FileTransport,
    NetworkTransport,
    PreviewTransport,
    SerialTransport,
    UsbTransport,
    transport_from_settings,
)


def test_round_trip_through_a_dict():
    s = PrinterSettings(name="Quầy 3", kind="usb", vendor_id=0x04B8, product_id=0x0202,
                        paper_mm=80, profile="TM-T20II", text_route="cp1258", copies=2)
    d = s.to_dict()
    assert d["vendor_id"] == "0x04b8" and "host" not in d and "path" not in d
    assert PrinterSettings.from_dict(d) == s


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "usb", "vendor_id": "zz", "product_id": "1"}, "vendor_id"),
        ({"kind": "usb"}, "vendor_id"),
        ({"kind": "serial", "port": "/dev/ttyS0", "baudrate": 1234}, "baudrate"),
        ({"kind": "network"}, "host"),
        ({"kind": "network", "host": "10.0.0.9", "port": 70000}, "port"),
        ({"kind": "cups"}, "queue"),
        ({"kind": "win32"}, "printer_name"),
        ({"kind": "file"}, "path"),
        ({"paper_mm": 76}, "paper_mm"),
        ({"copies": 3}, "copies"),
        ({"text_route": "utf8"}, "text_route"),
        ({"code_page": 300}, "code_page"),
        ({"profile": "NO-SUCH"}, "profile"),
        ({"profile": "POS-5890", "paper_mm": 80}, "paper_mm"),
        ({"profile": "TM-T88IV", "text_route": "cp1258"}, "code_page"),
        ({"timeout": 0}, "timeout"),
        ({"name": " "}, "name"),
    ],
)
def test_invalid_settings_name_the_field_in_vietnamese(values, field):
    with pytest.raises(SettingsError) as err:
        PrinterSettings.from_dict(values)
    assert field in err.value.errors
    message = err.value.errors[field]
    assert message and any(ch in message for ch in "ăâêôơưđáàảãạéèíóúý")


def test_profile_decides_dots_columns_and_code_pages():
    t88 = PrinterSettings(profile="TM-T88V", text_route="cp1258")
    assert (t88.width_dots, t88.columns, t88.resolved_code_page()) == (512, 42, 52)
    clone = PrinterSettings(profile="POS-5890", paper_mm=58, text_route="cp1258")
    assert (clone.width_dots, clone.columns, clone.resolved_code_page()) == (384, 32, 94)
    generic = PrinterSettings(paper_mm=80, text_route="tcvn3")
    assert (generic.width_dots, generic.columns, generic.resolved_code_page()) == (576, 48, 30)
    assert PrinterSettings(code_page=27, text_route="cp1258").resolved_code_page() == 27
    assert PrinterSettings().resolved_code_page() is None  # raster


def test_unknown_keys_are_ignored_and_strings_are_parsed():
    s = PrinterSettings.from_dict({"kind": "network", "host": "10.0.0.5", "port": "9101",
                                   "timeout": "2.5", "cutter": "false", "future": 1})
    assert (s.port, s.timeout, s.cutter) == (9101, 2.5, False)


@pytest.mark.parametrize(
    ("values", "cls"),
    [
        ({}, PreviewTransport),
        ({"kind": "file", "path": "/dev/usb/lp0"}, FileTransport),
        ({"kind": "network", "host": "10.0.0.5"}, NetworkTransport),
        ({"kind": "serial", "port": "COM3", "baudrate": 115200}, SerialTransport),
        ({"kind": "usb", "vendor_id": "0x0416", "product_id": "0x5011"}, UsbTransport),
        ({"kind": "cups", "queue": "receipt"}, CupsTransport),
    ],
)
def test_settings_build_their_transport(values, cls):
    transport = transport_from_settings(PrinterSettings.from_dict(values).transport_settings())
    assert isinstance(transport, cls)


def test_status_check_reaches_the_transport():
    s = PrinterSettings.from_dict({"kind": "network", "host": "h", "status_check": False})
    t = transport_from_settings(s.transport_settings())
    assert isinstance(t, NetworkTransport) and not t.status_check and t.port == 9100


def test_unknown_profile_in_code_is_a_printer_error():
    with pytest.raises(PrinterError):
        PrinterSettings(profile="NO-SUCH").width_dots  # noqa: B018
