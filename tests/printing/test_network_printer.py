"""Jobs against a loopback socket printer: status before sending, failures with the right
reason within the timeout, and retries that never print twice."""

import time

import pytest

from printing.jobs import JobState, PrintJob, PrintQueue
from printing.transports import NetworkTransport
from tests.printing.fake_printer import COVER_OPEN, NEAR_END, PAPER_OUT, FakeNetworkPrinter

JOB = b"\x1b@" + b"Nguyen Thi Hoa\n" * 2000 + b"\x1dVB\x00"  # ~30 KB, no DLE EOT inside


def _queue(printer: FakeNetworkPrinter, timeout: float = 1.0) -> PrintQueue:
    return PrintQueue(NetworkTransport("127.0.0.1", printer.port, timeout), "net")


def _wait_printed(printer: FakeNetworkPrinter) -> None:
    """The queue is closed: wait until the printer has taken in every connection."""
    assert printer.wait_done(), "the printer is still receiving"


def test_ready_printer_prints_the_exact_bytes():
    with FakeNetworkPrinter() as printer:
        q = _queue(printer)
        try:
            job = q.submit(PrintJob("receipt", "r", JOB)).result(15)
        finally:
            q.close()
        _wait_printed(printer)
    assert job.state == JobState.DONE and job.warning is None
    assert printer.printed == [JOB]


def test_paper_out_fails_before_any_byte_then_retry_prints_once():
    with FakeNetworkPrinter(PAPER_OUT) as printer:
        q = _queue(printer, timeout=10.0)
        try:
            start = time.monotonic()
            failed = q.submit(PrintJob("receipt", "r", JOB)).result(15)
            assert time.monotonic() - start < 5.0  # from the printer's answer, not a timeout
            assert failed.state == JobState.FAILED and failed.reason_code == "paper_out"
            assert "hết giấy" in failed.message and "in dở" not in failed.message
            assert printer.printed == []
            printer.status = dict(NEAR_END)  # the clerk put in a new roll (a short one)
            done = q.retry(failed.id).result(15)
            assert done.state == JobState.DONE and done.warning and "sắp hết" in done.warning
            assert q.retry(failed.id) is None
        finally:
            q.close()
        _wait_printed(printer)
    assert printer.printed == [JOB]


def test_cover_open_is_reported():
    with FakeNetworkPrinter(COVER_OPEN) as printer:
        q = _queue(printer)
        try:
            failed = q.submit(PrintJob("ticket", "t", JOB)).result(15)
        finally:
            q.close()
    assert failed.reason_code == "cover_open" and "Nắp" in failed.message


def test_printer_that_never_answers_times_out_within_its_timeout():
    with FakeNetworkPrinter(silent=True) as printer:
        q = _queue(printer, timeout=0.4)
        try:
            start = time.monotonic()
            failed = q.submit(PrintJob("receipt", "r", JOB)).result(15)
            elapsed = time.monotonic() - start
        finally:
            q.close(wait=False)
    assert failed.state == JobState.FAILED and failed.reason_code == "timeout"
    assert "0,4 giây" in failed.message
    # It waited its timeout, not more: a loaded machine only adds some time, a hang or a
    # second try would add whole timeouts (the bound is loose so load cannot break it).
    assert 0.4 <= elapsed < 0.4 + 2.0
    assert printer.printed == []


def test_printer_hanging_up_mid_job_fails_and_says_it_may_be_half_printed():
    with FakeNetworkPrinter(close_after=5000) as printer:
        q = _queue(printer, timeout=10.0)
        try:
            start = time.monotonic()
            failed = q.submit(PrintJob("receipt", "r", JOB)).result(15)
            elapsed = time.monotonic() - start
            assert failed.state == JobState.FAILED and failed.reason_code == "offline"
            assert "in dở" in failed.message
            assert elapsed < 5.0  # the hang-up is noticed at once, not after the timeout
            printer.close_after = None  # back to normal
            done = q.retry(failed.id).result(15)
        finally:
            q.close()
        _wait_printed(printer)
    assert done.state == JobState.DONE and done.attempts == 2
    assert printer.printed[-1] == JOB
    assert sum(1 for p in printer.printed if p == JOB) == 1  # the retry printed it once


def test_status_on_demand_and_reprint():
    with FakeNetworkPrinter(NEAR_END) as printer:
        q = _queue(printer)
        try:
            status = q.check_status().result(15)
            assert status is not None and status.ready and status.warnings
            job = q.submit(PrintJob("receipt", "r", JOB)).result(15)
            again = q.reprint(job.id).result(15)
        finally:
            q.close()
        _wait_printed(printer)
    assert again.id != job.id and again.title.endswith("(in lại)")
    assert printer.printed == [JOB, JOB]


def test_status_of_a_closed_port_is_offline():
    with FakeNetworkPrinter() as printer:
        port = printer.port
    status = PrintQueue(NetworkTransport("127.0.0.1", port, 0.5), "x")
    try:
        result = status.check_status().result(15)
    finally:
        status.close()
    assert result is not None and result.reason == "offline"


@pytest.mark.parametrize("check", [True, False])
def test_status_check_can_be_turned_off(check):
    with FakeNetworkPrinter(silent=True) as printer:
        q = PrintQueue(NetworkTransport("127.0.0.1", printer.port, 0.4, status_check=check), "n")
        try:
            job = q.submit(PrintJob("receipt", "r", JOB)).result(15)
        finally:
            q.close()
    assert job.state == (JobState.FAILED if check else JobState.DONE)
