import socket
import threading
import time

import pytest
from PIL import Image

from printing.errors import PrinterError
from printing.transports import (
    FileTransport,
    NetworkTransport,
    PreviewTransport,
    transport_from_settings,
)

PAYLOAD = bytes(range(256)) * 300  # 76.8 KB, every byte value, about one receipt


def test_file_transport_appends_exact_bytes(tmp_path):
    target = tmp_path / "printer.bin"
    t = FileTransport(target)
    t.send(PAYLOAD)
    t.send(b"\x1b@")
    assert target.read_bytes() == PAYLOAD + b"\x1b@"


def test_file_transport_can_overwrite(tmp_path):
    target = tmp_path / "printer.bin"
    t = FileTransport(target, append=False)
    t.send(PAYLOAD)
    t.send(b"second")
    assert target.read_bytes() == b"second"


def test_file_transport_missing_device(tmp_path):
    with pytest.raises(PrinterError) as err:
        FileTransport(tmp_path / "no-such-dir" / "lp0").send(b"x")
    assert err.value.reason_code == "not_found"
    assert "Không tìm thấy" in err.value.message_vi


def test_file_transport_other_io_error(tmp_path):
    with pytest.raises(PrinterError) as err:
        FileTransport(tmp_path).send(b"x")  # a directory
    assert err.value.reason_code in ("io", "permission")


def _server(handler) -> tuple[socket.socket, int]:
    srv = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=handler, args=(srv,), daemon=True).start()
    return srv, srv.getsockname()[1]


def test_network_transport_delivers_exact_bytes():
    received = bytearray()
    done = threading.Event()

    def handler(srv: socket.socket) -> None:
        conn, _ = srv.accept()
        with conn:
            while chunk := conn.recv(65536):
                received.extend(chunk)
        done.set()

    srv, port = _server(handler)
    with srv:
        NetworkTransport("127.0.0.1", port, timeout=2.0, status_check=False).send(PAYLOAD)
        assert done.wait(5)
    assert bytes(received) == PAYLOAD


def test_network_transport_times_out_when_the_printer_stops_reading():
    # Backlogged but never accepted: the kernel takes the handshake and a little data,
    # then the window closes, as with a printer whose buffer is full.
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    with srv:
        t = NetworkTransport("127.0.0.1", srv.getsockname()[1], timeout=0.5)
        start = time.monotonic()
        with pytest.raises(PrinterError) as err:
            t.send(b"\x00" * (64 * 1024 * 1024))
        elapsed = time.monotonic() - start
    assert err.value.reason_code == "timeout"
    assert err.value.message_vi.startswith("Máy in không phản hồi (quá 0,5 giây).")
    assert "in dở" in err.value.message_vi  # some of it reached the printer
    assert elapsed < 3.0


def test_network_transport_message_for_the_default_timeout():
    assert NetworkTransport("x")._timeout().message_vi == "Máy in không phản hồi (quá 5 giây)."


def test_network_transport_closed_port_is_offline():
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    start = time.monotonic()
    with pytest.raises(PrinterError) as err:
        NetworkTransport("127.0.0.1", port, timeout=1.0).send(b"x")
    assert err.value.reason_code == "offline"
    assert time.monotonic() - start < 1.0


def test_network_transport_unknown_host_is_not_found():
    with pytest.raises(PrinterError) as err:
        NetworkTransport("printer.invalid", timeout=1.0).send(b"x")
    assert err.value.reason_code == "not_found"


def test_preview_keeps_every_job_and_the_last_picture():
    t = PreviewTransport()
    first, second = Image.new("1", (8, 8)), Image.new("1", (16, 8))
    t.show(first, "A")
    t.send(b"one")
    t.show(second, "B")
    t.send(b"two")
    t.send(b"three")  # no picture announced for this one
    assert t.jobs == [b"one", b"two", b"three"]
    assert [p.title for p in t.pages] == ["A", "B", ""]
    assert t.pages[1].image is second
    assert t.last_image is None


def test_preview_is_thread_safe():
    t = PreviewTransport(keep=10_000)
    threads = [
        threading.Thread(target=lambda i=i: [t.send(bytes([i])) for _ in range(200)])
        for i in range(8)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(t.jobs) == 1600


@pytest.mark.parametrize(
    ("settings", "cls"),
    [
        ({"kind": "preview"}, PreviewTransport),
        ({}, PreviewTransport),
        ({"kind": "file", "path": "/dev/usb/lp0"}, FileTransport),
        ({"kind": "network", "host": "10.0.0.5"}, NetworkTransport),
    ],
)
def test_transport_from_settings(settings, cls):
    assert isinstance(transport_from_settings(settings), cls)


def test_network_settings_are_typed():
    t = transport_from_settings(
        {"kind": "network", "host": "10.0.0.5", "port": "9101", "timeout": "2.5"}
    )
    assert isinstance(t, NetworkTransport)
    assert (t.port, t.timeout) == (9101, 2.5)


@pytest.mark.parametrize(
    "settings",
    [
        {"kind": "usb"},
        {"kind": "usb", "vendor_id": "xyz", "product_id": "1"},
        {"kind": "serial"},
        {"kind": "cups"},
        {"kind": "bluetooth"},
        {"kind": "file"},
        {"kind": "network", "host": "h", "port": "abc"},
    ],
)
def test_bad_settings_are_config_errors(settings):
    with pytest.raises(PrinterError) as err:
        transport_from_settings(settings)
    assert err.value.reason_code == "config"
