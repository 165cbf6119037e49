"""Serial (through a pty pair), USB (pyusb stand-in), CUPS (a fake lp) and the Windows
spooler (a fake win32print): real code paths of each transport, no hardware."""

from __future__ import annotations

import os
import select
import sys
import threading
import time
import types

import pytest

from printing.errors import PrinterError
from printing.jobs import JobState, PrintJob, PrintQueue
from printing.transports import (
    CupsTransport,
    SerialTransport,
    UsbTransport,
    Win32Transport,
    transport_from_settings,
)
from tests.printing.fake_printer import PAPER_OUT, READY

JOB = b"\x1b@" + "Nguyễn Thị Hoa\n".encode("cp1258", "replace") * 50 + b"\x1bd\x03"


class PtyPrinter:
    """The far end of a pty: answers DLE EOT like a serial printer, records the rest."""

    def __init__(self, status: dict[int, int], *, silent: bool = False) -> None:
        self.master, self.slave = os.openpty()
        self.port = os.ttyname(self.slave)
        self.status, self.silent = status, silent
        self.received = bytearray()
        self.changed = threading.Condition()  # notified whenever bytes are received
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        buffer = b""
        while not self._stop:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                buffer += os.read(self.master, 65536)
            except OSError:
                return
            with self.changed:
                while True:
                    at = buffer.find(b"\x10\x04")
                    if at < 0 or at + 2 >= len(buffer):
                        break
                    self.received += buffer[:at]
                    if not self.silent:
                        os.write(self.master, bytes([self.status[buffer[at + 2]]]))
                    buffer = buffer[at + 3 :]
                if b"\x10" not in buffer[-2:]:
                    self.received += buffer
                    buffer = b""
                self.changed.notify_all()

    def wait_received(self, count: int, timeout: float = 15.0) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: len(self.received) >= count, timeout)

    def close(self) -> None:
        self._stop = True
        self._thread.join(1)
        os.close(self.master)
        os.close(self.slave)


@pytest.mark.skipif(sys.platform == "win32", reason="pty pairs are POSIX")
def test_serial_prints_after_a_status_check():
    printer = PtyPrinter(READY)
    q = PrintQueue(SerialTransport(printer.port, 115200, timeout=0.5), "serial")
    try:
        job = q.submit(PrintJob("ticket", "t", JOB)).result(15)
        printer.wait_received(len(JOB))
    finally:
        q.close()
        printer.close()
    assert job.state == JobState.DONE
    assert bytes(printer.received) == JOB


@pytest.mark.skipif(sys.platform == "win32", reason="pty pairs are POSIX")
def test_serial_paper_out_and_silence():
    printer = PtyPrinter(PAPER_OUT)
    try:
        status = SerialTransport(printer.port, timeout=0.3).status()
        assert status.reason == "paper_out"
        printer.silent = True
        start = time.monotonic()
        with pytest.raises(PrinterError) as err:
            SerialTransport(printer.port, timeout=0.3).status()
        # Its 0.3 s timeout, not a hang: the bound is loose so a loaded machine cannot fail it.
        assert err.value.reason_code == "timeout" and time.monotonic() - start < 0.3 + 2.5
    finally:
        printer.close()


def test_serial_missing_port_is_not_found():
    with pytest.raises(PrinterError) as err:
        SerialTransport("/dev/no-such-tty", timeout=0.2).send(b"x")
    assert err.value.reason_code == "not_found"


# -- USB -----------------------------------------------------------------------------


class _Endpoint:
    def __init__(self, address: int, device: FakeUsbDevice) -> None:
        self.bEndpointAddress = address
        self.wMaxPacketSize = 64
        self.device = device

    def write(self, data: bytes, timeout: int) -> int:
        if self.device.fail_write:
            import usb.core

            raise usb.core.USBTimeoutError("timeout", 110, 110)
        data = bytes(data)
        if data.startswith(b"\x10\x04"):
            self.device.answers.append(self.device.status[data[2]])
        else:
            self.device.written += data
        return len(data)

    def read(self, size: int, timeout: int) -> bytes:
        if not self.device.answers:
            import usb.core

            raise usb.core.USBTimeoutError("timeout", 110, 110)
        return bytes([self.device.answers.pop(0)])


class FakeUsbDevice:
    def __init__(self, status: dict[int, int]) -> None:
        self.status, self.answers, self.written = status, [], bytearray()
        self.fail_write = False
        self.detached = False
        self.out, self.inp = _Endpoint(0x01, self), _Endpoint(0x82, self)

    def is_kernel_driver_active(self, interface: int) -> bool:
        return not self.detached

    def detach_kernel_driver(self, interface: int) -> None:
        self.detached = True

    def set_configuration(self) -> None:
        pass

    def get_active_configuration(self) -> dict:
        return {(0, 0): [self.out, self.inp]}


def _usb(device: FakeUsbDevice | None, monkeypatch) -> UsbTransport:
    t = UsbTransport(0x0416, 0x5011, timeout=0.2)
    monkeypatch.setattr(t, "_find", lambda: device)
    return t


def test_usb_status_and_send(monkeypatch):
    device = FakeUsbDevice(READY)
    t = _usb(device, monkeypatch)
    assert t.status().ready
    t.send(JOB)
    assert bytes(device.written) == JOB and device.detached
    device.status = PAPER_OUT
    assert t.status().reason == "paper_out"


def test_usb_failures_have_reasons(monkeypatch):
    with pytest.raises(PrinterError) as err:
        _usb(None, monkeypatch).send(JOB)
    assert err.value.reason_code == "not_found"
    device = FakeUsbDevice(READY)
    device.fail_write = True
    with pytest.raises(PrinterError) as err:
        _usb(device, monkeypatch).send(JOB)
    assert err.value.reason_code == "timeout"
    silent = FakeUsbDevice(READY)
    silent.out.write = lambda data, timeout: len(data)  # takes queries, never answers
    with pytest.raises(PrinterError) as err:
        _usb(silent, monkeypatch).status()
    assert err.value.reason_code == "timeout"


# -- CUPS ----------------------------------------------------------------------------


@pytest.fixture
def fake_lp(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    out = tmp_path / "spooled.bin"
    script = bin_dir / "lp"
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$2" != "receipt" ]; then echo "lp: The printer or class does not exist." >&2; exit 1; fi\n'
        f'[ "$3 $4" = "-o raw" ] || exit 3\ncat > "{out}"\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="shell script stand-in for lp")
def test_cups_sends_raw_bytes_to_the_queue(fake_lp):
    CupsTransport("receipt").send(JOB)
    assert fake_lp.read_bytes() == JOB
    with pytest.raises(PrinterError) as err:
        CupsTransport("nope").send(JOB)
    assert err.value.reason_code == "not_found"


def test_cups_without_lp_is_not_found(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(PrinterError) as err:
        CupsTransport("receipt").send(JOB)
    assert err.value.reason_code == "not_found"


# -- Windows spooler -------------------------------------------------------------------


def test_win32_transport_through_a_fake_win32print(monkeypatch):
    calls: list[tuple] = []
    fake = types.ModuleType("win32print")
    fake.OpenPrinter = lambda name: calls.append(("open", name)) or 7
    fake.StartDocPrinter = lambda h, level, info: calls.append(("doc", h, level, info))
    fake.StartPagePrinter = lambda h: calls.append(("page", h))
    fake.WritePrinter = lambda h, data: calls.append(("write", h, data))
    fake.EndPagePrinter = lambda h: calls.append(("endpage", h))
    fake.EndDocPrinter = lambda h: calls.append(("enddoc", h))
    fake.ClosePrinter = lambda h: calls.append(("close", h))
    monkeypatch.setitem(sys.modules, "win32print", fake)
    t = transport_from_settings({"kind": "win32", "printer_name": "XP-80C"})
    assert isinstance(t, Win32Transport)
    t.send(JOB)
    assert calls[0] == ("open", "XP-80C")
    assert calls[1] == ("doc", 7, 1, ("Một cửa", None, "RAW"))
    assert ("write", 7, JOB) in calls and calls[-1] == ("close", 7)


def test_win32_transport_off_windows_is_a_config_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "win32print", None)  # import raises ImportError
    with pytest.raises(PrinterError) as err:
        Win32Transport("XP-80C").send(JOB)
    assert err.value.reason_code == "config"
